import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { MAX_LINE_BYTES, splitLines, type LineStats } from '../../src/intake/lines.js';

async function split(chunks: Array<string | Buffer>): Promise<{ lines: string[]; stats: LineStats }> {
  const stats: LineStats = { cutLines: 0, binary: false };
  const lines: string[] = [];
  const stream = Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
  for await (const l of splitLines(stream, stats)) lines.push(l);
  return { lines, stats };
}

describe('splitLines', () => {
  it('splits on LF, keeps CR for the caller, and yields a last line without newline', async () => {
    const { lines, stats } = await split(['a\r\nb\r\n', 'c']);
    assert.deepEqual(lines, ['a\r', 'b\r', 'c']);
    assert.equal(stats.cutLines, 0);
  });

  it('joins lines across chunk boundaries, also inside multi-byte characters', async () => {
    const text = Buffer.from('first µs line\nsecond\n');
    const at = text.indexOf(0xb5); // the second byte of "µ"
    const { lines } = await split([text.subarray(0, at), text.subarray(at, at + 3), text.subarray(at + 3)]);
    assert.deepEqual(lines, ['first µs line', 'second']);
  });

  it('keeps empty lines and yields nothing after a final newline', async () => {
    assert.deepEqual((await split(['x\n\n\ny\n'])).lines, ['x', '', '', 'y']);
    assert.deepEqual((await split([])).lines, []);
  });

  it('cuts an overlong line inside one chunk and goes on with the next', async () => {
    const long = 'x'.repeat(MAX_LINE_BYTES + 10);
    const { lines, stats } = await split([`${long}\nnext\n`]);
    assert.deepEqual(lines.map((l) => l.length), [MAX_LINE_BYTES, 4]);
    assert.equal(stats.cutLines, 1);
  });

  it('cuts a 1 MB line without newline that spans many chunks, holding at most one capped line', async () => {
    const chunk = 'y'.repeat(64 * 1024);
    const chunks = ['{"level":"warn","msg":"slow fdatasync"} ok\n', ...Array.from({ length: 16 }, () => chunk)];
    const { lines, stats } = await split(chunks);
    assert.equal(lines.length, 2);
    assert.equal(lines[0], '{"level":"warn","msg":"slow fdatasync"} ok');
    assert.equal(lines[1].length, MAX_LINE_BYTES);
    assert.equal(stats.cutLines, 1);
  });

  it('cuts an overlong line that started in an earlier chunk and ends in a later one', async () => {
    const chunk = 'z'.repeat(100 * 1024);
    const { lines, stats } = await split(['head\n', chunk, chunk, `${chunk}\ntail\n`]);
    assert.deepEqual(lines.map((l) => l.length), [4, MAX_LINE_BYTES, 4]);
    assert.equal(lines[2], 'tail');
    assert.equal(stats.cutLines, 1);
  });

  it('stops at a NUL byte in the first chunk and marks the stream binary', async () => {
    const { lines, stats } = await split([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 10, 65])]);
    assert.deepEqual(lines, []);
    assert.equal(stats.binary, true);
  });
});
