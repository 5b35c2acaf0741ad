// Benchmark: `kubesleuth fix etcd-defrag --yes` against serial `etcdctl defrag` on the same data.
//
//   npx tsc -p tsconfig.json && node dist/bench/defrag.js [--mb 300] [--rounds 3] [--out docs/defrag-bench.md]
//
// Each round starts a fresh 3-member etcd cluster (test/harness), writes the same deterministic
// data (keepers plus --mb of 500 kB values from a fixed AES-CTR stream), deletes the big values and
// compacts, then defragments every member once, either with kubesleuth's executor (the code behind
// the CLI: preflight, plan, one member at a time with catch-up and term checks, HashKV) or with
// `etcdctl --endpoints=A,B,C defrag` (serial over the endpoints, no checks).
//
// Measured per run: total wall time; per member the time etcd itself spent defragmenting ("took"
// of its `defragmented` log line, the time its backend is blocked) and the longest gap a client
// saw in serializable reads to that member while the run went on (the blocking as clients feel it).
import { createCipheriv } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { Etcd3 } from 'etcd3';
import { startCluster, ETCD_BIN, type EtcdCluster } from '../test/harness/etcd-cluster.js';
import { defragLogLines } from '../test/fix/live-helpers.js';
import { EtcdBackend } from '../src/fix/backend/etcd.js';
import { runDefrag } from '../src/fix/executor.js';
import { compileRule } from '../src/fix/rule.js';

interface MemberFigures {
  name: string;
  leader: boolean;
  dbBefore: number;
  dbAfter: number;
  etcdTookMs: number;
  clientStallMs: number;
}

interface RunFigures {
  tool: 'kubesleuth' | 'etcdctl';
  round: number;
  totalMs: number;
  members: MemberFigures[];
}

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

const MB = Number(arg('mb', '300'));
const ROUNDS = Number(arg('rounds', '3'));
const OUT = arg('out', 'docs/defrag-bench.md');
const VALUE = 500_000;

/** The same bytes every round: AES-128-CTR over zeros with a fixed key. */
function deterministicStream(): (n: number) => Buffer {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0));
  return (n) => cipher.update(Buffer.alloc(n));
}

async function prepare(cluster: EtcdCluster): Promise<void> {
  const next = deterministicStream();
  const c = cluster.client();
  try {
    for (let i = 0; i < 500; i++) await c.put(`/keep/${String(i).padStart(4, '0')}`).value(next(2_000));
    const total = Math.ceil((MB * 1e6) / VALUE);
    for (let i = 0; i < total; i += 8) {
      await Promise.all(Array.from({ length: Math.min(8, total - i) }, (_, j) => c.put(`/fill/${String(i + j).padStart(6, '0')}`).value(next(VALUE))));
    }
    await c.delete().prefix('/fill/').exec();
  } finally {
    c.close();
  }
  await cluster.compact();
}

/** Serializable reads to each member every 5 ms; records the longest wait for an answer. */
function probe(cluster: EtcdCluster): { stop(): Promise<Record<string, number>> } {
  let running = true;
  const worst: Record<string, number> = {};
  const loops = cluster.members.map(async (m) => {
    const c = new Etcd3({ hosts: [m.clientUrl], defaultCallOptions: () => ({ deadline: Date.now() + 120_000 }) });
    worst[m.name] = 0;
    try {
      while (running) {
        const t0 = performance.now();
        await c.get('/keep/0000').serializable(true).buffer();
        worst[m.name] = Math.max(worst[m.name], performance.now() - t0);
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      c.close();
    }
  });
  return {
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return worst;
    },
  };
}

async function sizes(cluster: EtcdCluster): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const m of cluster.members) out[m.name] = (await cluster.status(m.name)).Status.dbSize;
  return out;
}

async function oneRun(tool: RunFigures['tool'], round: number): Promise<RunFigures> {
  const cluster = await startCluster({ size: 3 });
  try {
    await prepare(cluster);
    const leader = await cluster.leader();
    const before = await sizes(cluster);
    const p = probe(cluster);
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    if (tool === 'kubesleuth') {
      const backend = new EtcdBackend({ endpoints: cluster.endpoints, timeoutMs: 5000, defragTimeoutMs: 600_000 });
      try {
        // Every member, as etcdctl does (the default rule would skip members under 100 MiB reclaimable).
        const r = await runDefrag(backend, { rule: compileRule('dbSizeFree > 1MB'), dbQuota: 2 * 1024 ** 3, yes: true, moveLeader: false, waitMs: 15_000 });
        if (r.aborted) throw new Error(`kubesleuth run aborted: ${r.abortReason}`);
        if (r.members.some((m) => m.action !== 'defragmented')) throw new Error('kubesleuth skipped a member');
      } finally {
        await backend.close();
      }
    } else {
      await cluster.etcdctl(['defrag', '--command-timeout=600s'], { endpoints: cluster.endpoints });
    }
    const totalMs = performance.now() - t0;
    const stalls = await p.stop();
    const after = await sizes(cluster);
    const logs = defragLogLines(cluster);
    return {
      tool,
      round,
      totalMs,
      members: cluster.members.map((m) => ({
        name: m.name,
        leader: m.name === leader,
        dbBefore: before[m.name],
        dbAfter: after[m.name],
        etcdTookMs: logs.filter((l) => l.member === m.name).reduce((s, l) => s + (l.tookMs ?? 0), 0),
        clientStallMs: stalls[m.name],
      })),
    };
  } finally {
    await cluster.stop();
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number): string => `${Math.round(x)} ms`;
const mb = (x: number): string => `${(x / 1e6).toFixed(1)} MB`;

function render(runs: RunFigures[]): string {
  const etcdVersion = execFileSync(ETCD_BIN, ['--version']).toString().split('\n')[0].replace('etcd Version:', 'etcd');
  const lines: string[] = [
    '# `fix etcd-defrag` benchmark',
    '',
    `Generated by \`node dist/bench/defrag.js --mb ${MB} --rounds ${ROUNDS}\` on ${new Date().toISOString().slice(0, 10)}:`,
    `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${process.platform}, ${etcdVersion} (server and etcdctl), Node ${process.version}; other jobs may share the machine.`,
    '',
    `Data per round: a fresh 3-member cluster on 127.0.0.1, 500 keys of 2 kB kept, ${MB} MB of 500 kB values written,`,
    'deleted and compacted (same bytes every round), so each member holds the same fragmented database.',
    'Rounds alternate the two tools. Figures are medians over the rounds. kubesleuth runs with `--rule \'dbSizeFree > 1MB\'` so that',
    'it defragments every member, as etcdctl does (followers first, the leader last; etcdctl goes in endpoint order).',
    '',
    '- **total**: wall time of the whole run (kubesleuth includes preflight, status polls, catch-up and term checks after each',
    '  member, and HashKV on every member at the end; `etcdctl --endpoints=A,B,C defrag` just defragments the endpoints in turn,',
    '  and its total includes starting the etcdctl process).',
    '- **etcd took**: the `took` of the member\'s own `defragmented` log line: how long its backend was blocked.',
    '- **client stall**: the longest a serializable read to that member waited during the run (5 ms probe loop).',
    '',
    '| tool | total | member | role | db before → after | etcd took | client stall |',
    '|---|---:|---|---|---|---:|---:|',
  ];
  for (const tool of ['kubesleuth', 'etcdctl'] as const) {
    const rs = runs.filter((r) => r.tool === tool);
    const total = median(rs.map((r) => r.totalMs));
    // Members by role (leader last) so rounds with different leader names line up.
    const roles = (r: RunFigures): MemberFigures[] => [...r.members.filter((m) => !m.leader), ...r.members.filter((m) => m.leader)];
    for (let i = 0; i < 3; i++) {
      const ms_ = rs.map((r) => roles(r)[i]);
      const role = ms_[0].leader ? 'leader' : 'follower';
      lines.push(
        `| ${i === 0 ? tool : ''} | ${i === 0 ? ms(total) : ''} | #${i + 1} | ${role} | ${mb(median(ms_.map((m) => m.dbBefore)))} → ${mb(median(ms_.map((m) => m.dbAfter)))} | ${ms(median(ms_.map((m) => m.etcdTookMs)))} | ${ms(median(ms_.map((m) => m.clientStallMs)))} |`,
      );
    }
  }
  const tk = median(runs.filter((r) => r.tool === 'kubesleuth').map((r) => r.totalMs));
  const te = median(runs.filter((r) => r.tool === 'etcdctl').map((r) => r.totalMs));
  const blockK = median(runs.filter((r) => r.tool === 'kubesleuth').map((r) => r.members.reduce((s, m) => s + m.etcdTookMs, 0)));
  const blockE = median(runs.filter((r) => r.tool === 'etcdctl').map((r) => r.members.reduce((s, m) => s + m.etcdTookMs, 0)));
  lines.push(
    '',
    `Summary: kubesleuth took ${ms(tk)} in total against ${ms(te)} for serial etcdctl (${tk >= te ? `${ms(tk - te)} more: the price of the checks` : `${ms(te - tk)} less`});`,
    `the members were blocked in defrag for ${ms(blockK)} vs ${ms(blockE)} summed over the three, i.e. the defrag work itself is the same.`,
    'Neither tool defragments two members at once, so at most one member is blocked at any moment in both.',
    '',
    'Raw runs:',
    '',
    '| tool | round | total | etcd took per member (leader marked *) | client stall per member |',
    '|---|---:|---:|---|---|',
    ...runs.map((r) => `| ${r.tool} | ${r.round} | ${ms(r.totalMs)} | ${r.members.map((m) => `${m.name}${m.leader ? '*' : ''} ${ms(m.etcdTookMs)}`).join(', ')} | ${r.members.map((m) => `${m.name} ${ms(m.clientStallMs)}`).join(', ')} |`),
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const runs: RunFigures[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const order: RunFigures['tool'][] = round % 2 ? ['kubesleuth', 'etcdctl'] : ['etcdctl', 'kubesleuth'];
    for (const tool of order) {
      const r = await oneRun(tool, round);
      process.stderr.write(`round ${round} ${tool}: ${ms(r.totalMs)} total; ${r.members.map((m) => `${m.name}${m.leader ? '*' : ''} took ${ms(m.etcdTookMs)} stall ${ms(m.clientStallMs)}`).join(', ')}\n`);
      runs.push(r);
    }
  }
  const md = render(runs);
  writeFileSync(OUT, md);
  process.stdout.write(md);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
