// Known errors of the Talos collector (UserErrors: one line on stderr, exit 2). A node that does
// not answer while others do is no error: it becomes a warning of the source.
import { UserError } from '../../intake/errors.js';

export class TalosctlMissingError extends UserError {
  constructor(bin: string) {
    super(`${bin} not found on PATH (needed for --talosconfig/--nodes; install it from https://github.com/siderolabs/talos/releases)`);
    this.name = 'TalosctlMissingError';
  }
}

export class TalosConfigError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'TalosConfigError';
  }
}

/** No node answered any request. */
export class TalosUnreachableError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'TalosUnreachableError';
  }
}
