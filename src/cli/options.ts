// Small option parsers shared by commands.
import { UserError } from '../intake/errors.js';
import { parseGoDuration } from '../util/duration.js';

/** "5s", "500ms", "2m" or plain seconds. */
export function parseDuration(v: string | undefined, fallbackMs: number): number {
  if (v === undefined) return fallbackMs;
  const ms = /^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : parseGoDuration(v);
  if (ms === undefined || !(ms > 0)) throw new UserError(`not a duration: ${v} (use e.g. 5s or 500ms)`);
  return ms;
}
