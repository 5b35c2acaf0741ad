// The etcd test harness itself: it must never leave an etcd behind, and its fault helpers must
// produce the real symptoms the scenario tests rely on.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { reapOrphans, startCluster } from '../../harness/etcd-cluster.js';

const HARNESS = pathToFileURL(resolve('dist/test/harness/etcd-cluster.js')).href;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function gone(pids: number[], ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (pids.some(alive) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return !pids.some(alive);
}

/** Starts a cluster in a separate node process; `mode` says how that process ends. */
function childCluster(mode: 'exit' | 'throw' | 'hang'): Promise<{ root: string; pids: number[]; kill: () => void; done: Promise<number | null> }> {
  const script = `
    const { startCluster } = await import(${JSON.stringify(HARNESS)});
    const c = await startCluster({ size: 1 });
    console.log(JSON.stringify({ root: c.root, pids: c.members.map((m) => m.pid) }));
    if (${JSON.stringify(mode)} === 'exit') process.exit(0);
    if (${JSON.stringify(mode)} === 'throw') throw new Error('test failed without stopping its cluster');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  const done = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((res, rej) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) res({ ...JSON.parse(line), kill: () => child.kill('SIGKILL'), done });
    });
    void done.then((code) => rej(new Error(`child exited (${code}) before starting etcd: ${err}`)));
  });
}

describe('etcd harness cleanup', () => {
  it('stop() kills every member, frozen ones too, and removes the temporary directory', async () => {
    const c = await startCluster({ size: 3 });
    const pids = c.members.map((m) => m.pid);
    assert.ok(pids.every((p) => p > 0 && alive(p)));
    c.freeze('m2');
    await c.stop();
    assert.ok(await gone(pids), 'no member left');
    assert.equal(existsSync(c.root), false);
  });

  it('kills the members when the test process exits without stopping them', async () => {
    for (const mode of ['exit', 'throw'] as const) {
      const child = await childCluster(mode);
      await child.done;
      assert.ok(await gone(child.pids), `${mode}: no member left`);
      assert.equal(existsSync(child.root), false, `${mode}: directory removed`);
    }
  });

  it('reaps members orphaned by a test process that was SIGKILLed', async () => {
    const child = await childCluster('hang');
    child.kill();
    await child.done;
    assert.ok(child.pids.every(alive), 'SIGKILL gives the process no chance to clean up');
    reapOrphans();
    assert.ok(await gone(child.pids), 'the next harness use reaps them');
    assert.equal(existsSync(child.root), false);
  });
});

describe('etcd harness faults', () => {
  it('attachStrace delays fdatasync: the member logs real `slow fdatasync` lines until detached', async () => {
    const c = await startCluster({ size: 1 });
    try {
      const strace = await c.attachStrace('m1');
      await c.put('/k', 'v');
      await c.put('/k', 'w');
      await strace.stop();
      const t0 = Date.now();
      await c.put('/k', 'x');
      assert.ok(Date.now() - t0 < 1000, 'full speed after detaching');
      const slow = readFileSync(c.member('m1').logFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"msg":"slow fdatasync"'))
        .map((l) => JSON.parse(l) as { level: string; took: string; 'expected-duration': string });
      assert.ok(slow.length >= 2, `slow fdatasync lines: ${slow.length}`);
      for (const s of slow) {
        assert.equal(s.level, 'warn');
        assert.equal(s['expected-duration'], '1s');
        assert.match(s.took, /^1\.\d+s$/);
      }
    } finally {
      await c.stop();
    }
  });

  it('fill, deleteAll and compact fragment the database; defrag on one member shrinks only it', async () => {
    const c = await startCluster({ size: 3 });
    try {
      const filled = await c.fill(30e6);
      assert.deepEqual(filled, { keys: 300, bytes: 30e6, noSpace: false });
      assert.equal(await c.deleteAll(), 300);
      const rev = await c.compact();
      assert.ok(rev > 300);
      await c.defrag('m2');
      const sizes = Object.fromEntries(
        await Promise.all(c.members.map(async (m) => [m.name, (await c.status(m.name)).Status] as const)),
      );
      for (const name of ['m1', 'm3']) {
        assert.ok(sizes[name].dbSize > 30e6, `${name} keeps its big file: ${sizes[name].dbSize}`);
        assert.ok(sizes[name].dbSizeInUse! < 0.2 * sizes[name].dbSize, `${name} mostly free`);
      }
      assert.ok(sizes.m2.dbSize < 5e6, `m2 defragmented: ${sizes.m2.dbSize}`);
      assert.match(await c.leader(), /^m[123]$/);
    } finally {
      await c.stop();
    }
  });
});
