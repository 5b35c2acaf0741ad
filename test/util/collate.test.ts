// The shared collator orders strings as localeCompare does, and groupThousands writes integers as
// toLocaleString('en-US') does.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collate, groupThousands } from '../../src/util/collate.js';

describe('collate and groupThousands', () => {
  it('collate gives localeCompare\'s order (times, ids, mixed case, punctuation, non-ASCII)', () => {
    const words = ['2026-02-22T08:00:00.000Z', '2026-02-22T08:00:00Z', '0000-02-22T08:00:00.000Z', 'etcd/slow-leader', 'etcd/slow_disk', 'Etcd', 'etcd', 'ä', 'a', 'z', '', '10', '9', 'node-a|x', 'node-a'];
    for (const a of words) for (const b of words) assert.equal(Math.sign(collate(a, b)), Math.sign(a.localeCompare(b)), `${a} vs ${b}`);
  });

  it('groupThousands matches toLocaleString("en-US")', () => {
    for (const n of [0, 7, 999, 1000, 1001, 65_536, 999_999, 1_000_000, 123_456_789, -1, -1234, 2 ** 53 - 1, 12.5, 1e21, NaN]) {
      assert.equal(groupThousands(n), n.toLocaleString('en-US'), String(n));
    }
  });
});
