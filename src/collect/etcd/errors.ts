// Known errors of the live etcd collector. The CLI prints `userMessage` (one line) and exits 2;
// both are UserErrors, so a CLI that only knows UserError does the same with `message`.
import { UserError } from '../../intake/errors.js';

/** No etcd endpoint answered within the timeout: there is nothing to diagnose live. */
export class EtcdUnreachableError extends UserError {
  readonly userMessage: string;
  /** Per endpoint, why it did not answer. */
  readonly endpoints: { endpoint: string; reason: string }[];

  constructor(endpoints: { endpoint: string; reason: string }[], timeoutMs: number, options?: { cause?: unknown }) {
    const list = endpoints.map((e) => `${e.endpoint} (${e.reason})`).join(', ');
    const userMessage = `no etcd endpoint answered (timeout ${timeoutMs}ms): ${list}`;
    super(userMessage, options);
    this.name = 'EtcdUnreachableError';
    this.userMessage = userMessage;
    this.endpoints = endpoints;
  }
}

/** The connection settings cannot be used: no endpoint given, or a --cacert/--cert/--key file unreadable. */
export class EtcdConfigError extends UserError {
  readonly userMessage: string;

  constructor(userMessage: string, options?: { cause?: unknown }) {
    super(userMessage, options);
    this.name = 'EtcdConfigError';
    this.userMessage = userMessage;
  }
}
