import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDefragArgs, parseDuration, parseSize } from '../../src/fix/args.js';
import { runFixCommand } from '../../src/fix/cli.js';

async function fix(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runFixCommand(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

test('flags: both spellings, lists, durations, sizes', () => {
  const a = parseDefragArgs(['--etcd-endpoints', 'a:2379,b:2379', '--etcd-endpoints=c:2379', '--yes', '--rule', 'dbSize > 1', '--db-quota=8GiB', '--timeout', '1m30s', '-o', 'json', '--move-leader']);
  assert.deepEqual(a.endpoints, ['a:2379', 'b:2379', 'c:2379']);
  assert.equal(a.yes, true);
  assert.equal(a.moveLeader, true);
  assert.equal(a.rule, 'dbSize > 1');
  assert.equal(a.dbQuota, 8 * 1024 ** 3);
  assert.equal(a.timeoutMs, 90_000);
  assert.equal(a.output, 'json');
  assert.deepEqual(parseDefragArgs(['--talosconfig', 'tc', '--nodes', '10.0.0.1, 10.0.0.2']).nodes, ['10.0.0.1', '10.0.0.2']);
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('2'), 2000);
  assert.equal(parseDuration('2x'), undefined);
  assert.equal(parseSize('2147483648'), 2147483648);
  assert.equal(parseSize('8GB'), 8e9);
  assert.equal(parseSize('lots'), undefined);
});

test('usage errors: one line on stderr, exit 2, no stack', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /which fix\? \(known: etcd-defrag\)/],
    [['etcd-defragment'], /unknown fix 'etcd-defragment'/],
    [['etcd-defrag'], /give --etcd-endpoints URL,\.\.\. or --talosconfig F --nodes A,B,C/],
    [['etcd-defrag', '--etcd-endpoints', 'x:1', '--nodes', 'n'], /either --etcd-endpoints or --talosconfig\/--nodes/],
    [['etcd-defrag', '--talosconfig', 'f'], /--talosconfig needs --nodes/],
    [['etcd-defrag', '--etcd-endpoints', 'x:1', '--frobnicate'], /unknown flag --frobnicate/],
    [['etcd-defrag', '--etcd-endpoints'], /--etcd-endpoints needs a value/],
    [['etcd-defrag', '--etcd-endpoints', 'x:1', '-o', 'yaml'], /-o: 'yaml' is not one of text, json/],
    [['etcd-defrag', '--etcd-endpoints', 'x:1', '--timeout', 'soon'], /--timeout: 'soon' is not a duration/],
    [['etcd-defrag', '--etcd-endpoints', 'x:1', '--db-quota', 'big'], /--db-quota: 'big' is not a size/],
    [['etcd-defrag', '--etcd-endpoints', 'x:1', '--rule', 'dbSize >'], /--rule: rule ends too early at column 9/],
    [['etcd-defrag', '--etcd-endpoints', 'x:1', '--rule', 'process.exit(3)'], /--rule: unknown name 'process'/],
    [['etcd-defrag', '--etcd-endpoints', 'x:1', '--cacert', '/nonexistent/ca.pem'], /--cacert: cannot read \/nonexistent\/ca\.pem: ENOENT/],
    [['etcd-defrag', '--etcd-endpoints', 'x:1', '--yes=1'], /--yes takes no value/],
  ];
  for (const [argv, re] of cases) {
    const r = await fix(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, re, argv.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
});

test('--help prints the usage and exits 0', async () => {
  const r = await fix(['etcd-defrag', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: kubesleuth fix etcd-defrag/);
});

test('an endpoint nobody listens on: exit 2, one line naming it', async () => {
  const r = await fix(['etcd-defrag', '--etcd-endpoints', 'http://127.0.0.1:1', '--timeout', '1s']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^kubesleuth fix: no etcd member answered: http:\/\/127\.0\.0\.1:1: no answer \(connection refused/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
