import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileRule, DEFAULT_RULE, RuleError, ruleVars } from '../../src/fix/rule.js';

const MiB = 1024 * 1024;
const vars = (dbSize: number, dbSizeInUse: number, o: { quota?: number; nospace?: boolean; leader?: boolean } = {}) =>
  ruleVars({ dbSize, dbSizeInUse }, o.quota ?? 2 * 1024 * MiB, o.nospace ?? false, o.leader ?? false);

test('default rule: fragmented with more than 100 MB reclaimable (as the diagnosis), or NOSPACE', () => {
  const r = compileRule(DEFAULT_RULE);
  assert.equal(r.test(vars(467e6, 55e6)), true, 'the reference incident: 467 MB / 55 MB');
  assert.equal(r.test(vars(87e6, 56e6)), false, 'talos02 in the incident: 64% in use');
  assert.equal(r.test(vars(150 * MiB, 40 * MiB)), true);
  assert.equal(r.test(vars(120 * MiB, 30 * MiB)), false, 'only 90 MiB (94 MB) reclaimable');
  assert.equal(r.test(vars(250e6, 100e6)), true, '150 MB reclaimable');
  assert.equal(r.test(vars(200e6, 100e6)), false, 'exactly 100 MB is not more than 100 MB');
  assert.equal(r.test(vars(20 * MiB, 19 * MiB, { nospace: true })), true, 'NOSPACE selects regardless');
  assert.equal(r.test(vars(0, 0)), false, 'empty database: 0/0 is not fragmented');
});

test('arithmetic, precedence, units and comparisons', () => {
  const v = vars(300 * MiB, 100 * MiB, { quota: 1000 * MiB });
  const t = (src: string) => compileRule(src).test(v);
  assert.equal(t('dbSizeFree > 200*1024*1024 - 1'), true);
  assert.equal(t('dbSizeFree == 200MiB'), true);
  assert.equal(t('dbSizeFree > 200MB'), true, '200 MiB > 200 MB');
  assert.equal(t('dbQuotaUsage > 0.8 || dbSizeFree > 200*1024*1024'), false);
  assert.equal(t('dbQuotaUsage >= 0.3 && dbQuotaUsage < 0.31'), true);
  assert.equal(t('1 + 2 * 3 == 7'), true);
  assert.equal(t('(1 + 2) * 3 == 9'), true);
  assert.equal(t('10 - 4 - 3 == 3'), true, 'left associative');
  assert.equal(t('-dbSize < 0'), true);
  assert.equal(t('!(dbSize < 1GB)'), false);
  assert.equal(t('!nospace && !isLeader'), true);
  assert.equal(t('true || dbSize / 0 > 1'), true);
  assert.equal(t('1.5e3 == 1500'), true);
  assert.equal(t('dbSizeInUse / dbSize < 0.34'), true);
  assert.equal(t('false || nospace'), false);
  assert.equal(t('dbSize != dbSizeInUse'), true);
});

test('mistakes are reported with a column, before anything runs', () => {
  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['dbSize >', /ends too early/],
    ['dbsize > 1', /unknown name 'dbsize'.*column 1/],
    ['dbSize > 10XB', /unknown unit 'XB'/],
    ['dbSize + 1', /must be a condition/],
    ['dbSize && 1', /'&&' needs a boolean/],
    ['nospace > 1', /'>' needs a number/],
    ['!dbSize', /'!' needs a boolean/],
    ['1 < 2 < 3', /do not chain/],
    ['(dbSize > 1', /expected '\)'/],
    ['dbSize > 1)', /unexpected '\)'/],
    ['dbSize > 1; process.exit()', /unexpected character ';'.*column 11/],
    ['require("fs")', /unknown name 'require'/],
    ['dbSize > "1"', /unexpected character '"' at column 10/],
    ['require(fs)', /unknown name 'require'/],
    ['dbSize = 1', /unexpected character '='/],
    ['nospace == 1', /'==' needs a boolean/],
  ];
  for (const [src, re] of bad) {
    assert.throws(() => compileRule(src), (err: unknown) => err instanceof RuleError && re.test(err.message), src);
  }
});

test('rule variables follow the definitions (free, quota usage)', () => {
  const v = ruleVars({ dbSize: 400, dbSizeInUse: 100 }, 1000, true, true);
  assert.deepEqual(v, { dbSize: 400, dbSizeInUse: 100, dbSizeFree: 300, dbQuota: 1000, dbQuotaUsage: 0.4, nospace: true, isLeader: true });
});
