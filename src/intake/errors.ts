// Known errors: the CLI prints their one-line message and exits 2; anything else is a bug.
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}
