// Splits a byte stream into lines without holding more than one line (capped) in memory.
// Overlong lines are cut at MAX_LINE_BYTES and reported, never buffered whole.
import type { Readable } from 'node:stream';

export const MAX_LINE_BYTES = 256 * 1024;

export interface LineStats {
  cutLines: number;
  binary: boolean;
}

export async function* splitLines(stream: Readable, stats: LineStats): AsyncGenerator<string> {
  let carry: Buffer[] = [];
  let carryLen = 0;
  let skipping = false;
  let first = true;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (first) {
      first = false;
      if (chunk.subarray(0, 8192).includes(0)) {
        stats.binary = true;
        stream.destroy();
        return;
      }
    }
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      if (skipping) {
        skipping = false;
      } else if (carryLen > 0) {
        const room = MAX_LINE_BYTES - carryLen;
        if (nl - start > room) stats.cutLines++;
        carry.push(chunk.subarray(start, Math.min(nl, start + room)));
        yield Buffer.concat(carry).toString('utf8');
      } else {
        const end = Math.min(nl, start + MAX_LINE_BYTES);
        if (end < nl) stats.cutLines++;
        yield chunk.toString('utf8', start, end);
      }
      carry = [];
      carryLen = 0;
      start = nl + 1;
    }
    if (start < chunk.length && !skipping) {
      const rest = chunk.subarray(start);
      if (carryLen + rest.length > MAX_LINE_BYTES) {
        carry.push(rest.subarray(0, MAX_LINE_BYTES - carryLen));
        carryLen = MAX_LINE_BYTES;
        stats.cutLines++;
        yield Buffer.concat(carry).toString('utf8');
        carry = [];
        carryLen = 0;
        skipping = true;
      } else {
        carry.push(Buffer.from(rest));
        carryLen += rest.length;
      }
    }
  }
  if (carryLen > 0 && !skipping) yield Buffer.concat(carry).toString('utf8');
}
