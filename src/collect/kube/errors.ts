// Known errors of the live Kubernetes collector. Both are UserErrors: the CLI prints the one-line
// message and exits 2. Partial failures (a 403 on one resource, a list that times out) are not
// errors: they become warnings of the source and entries under `failed` in the bundle manifest.
import { UserError } from '../../intake/errors.js';

/** The kubeconfig cannot be used: missing, unreadable, or without the asked context. */
export class KubeConfigError extends UserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KubeConfigError';
  }
}

/** The API server did not answer, refused the credentials, or refused every request. */
export class KubeUnreachableError extends UserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KubeUnreachableError';
  }
}
