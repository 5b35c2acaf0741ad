// Known failures the CLI turns into one line on stderr and exit code 2 (usage, unreachable source).
// Anything else is a bug and keeps its stack under --debug.

export type FixErrorKind = 'usage' | 'unreachable';

export class FixError extends Error {
  constructor(readonly kind: FixErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FixError';
  }
}
