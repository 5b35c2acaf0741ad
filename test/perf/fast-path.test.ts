// The byte-level fast path of log reading (src/intake/log-bytes.ts) gives exactly the evidence the
// reference (every line decoded and read by LogStreamReader.line) gives: every signal, count,
// first/last time, error sample and cited line number — on the example bundle, on a generated
// bundle with files past the whole-file limit, and on lines of every odd shape, in small files,
// large files and zips.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateBundle, sampleOrdinaryLines } from '../../bench/generate.js';
import { collectOffline } from '../../src/intake/collect.js';
import { ingestOptions } from '../../src/intake/ingest.js';
import { parallelCounts, parallelOptions } from '../../src/intake/parallel.js';
import type { EvidenceSet } from '../../src/types.js';
import { NOW, tempDir, writeTree, writeZip } from '../intake/tree.js';
import { MAX_LINE_BYTES } from '../../src/intake/lines.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const EXAMPLE = path.join(ROOT, 'examples/talos02-containercreating');

async function both(input: string): Promise<{ fast: EvidenceSet; reference: EvidenceSet }> {
  ingestOptions.fast = false;
  try {
    const reference = await collectOffline([input], { now: NOW });
    ingestOptions.fast = true;
    const fast = await collectOffline([input], { now: NOW });
    return { fast, reference };
  } finally {
    ingestOptions.fast = true;
  }
}

function assertSame(fast: EvidenceSet, reference: EvidenceSet): void {
  for (const k of Object.keys(reference) as Array<keyof EvidenceSet>) assert.deepStrictEqual(fast[k], reference[k], `evidence.${k} differs`);
}

const ZAP = '{"level":"warn","ts":"2026-02-22T08:22:26.456013Z","caller":"txn/util.go:93","msg":"apply request took too long","took":"379.57333ms","expected-duration":"100ms","prefix":"","request":"key:\\"/registry/leases/x\\" ","response":"size:20"}';
const KLOG_SIGNAL = 'E0222 09:31:00.841009       1 wrap.go:53] "Timeout or abort while handling" logger="UnhandledError" method="POST" URI="/api/v1/namespaces/database/serviceaccounts/default/token"';
const KUBELET_ERR = '{"ts":1771748140676.7437,"caller":"kubelet/pod_workers.go:1301","msg":"Error syncing pod, skipping","err":"failed to \\"StartContainer\\" for \\"kube-scheduler\\" with CrashLoopBackOff","pod":{"name":"kube-scheduler-talos02","namespace":"kube-system"}}';

/** Lines of every shape the fast path must either handle like the reference or leave to it. */
function oddLines(): string[] {
  const cri = (t: string, payload: string, stream = 'stderr', tag = 'F'): string => `${t} ${stream} ${tag} ${payload}`;
  return [
    '',
    '\r',
    'plain text line',
    'plain text line with CR\r',
    'double CR\r\r',
    ZAP,
    `${ZAP}\r`,
    '{"level":"WARNING","ts":"2026-02-22T08:22:27Z","msg":"upper-case level"}',
    '{"level":"info","ts":"2026-02-22T08:22:28Z","msg":"no closing quote for level',
    '{"level":"dpanic","ts":"2026-02-22T08:22:28Z","msg":"dpanic is fatal"}',
    '{"level":"notice","ts":"2026-02-22T08:22:28Z","msg":"notice is info"}',
    '{"level":"bogus","ts":"2026-02-22T08:22:28Z","msg":"unknown level"}',
    '{"level":"","ts":"2026-02-22T08:22:28Z","msg":"empty level"}',
    '{"ts":"2026-02-22T08:22:29Z","msg":"level later","level":"warn"}',
    '{"ts":1771748140676.7437,"caller":"x.go:1","msg":"component-base info","v":0}',
    KUBELET_ERR,
    '{"name":"kubesleuth","version":"0.1.0"}',
    '{"log":"I0222 08:18:51.772097       1 x.go:1] docker json\\n","stream":"stderr","time":"2026-02-22T08:18:51.772184356Z"}',
    cri('2026-02-22T08:15:35.60510248Z', ZAP),
    cri('2026-02-22T08:15:36.605Z', 'I0222 08:15:36.605015       1 cidrallocator.go:277] ordinary klog'),
    cri('2026-02-22T08:15:37Z', 'W0222 08:15:37.000000       1 warnings.go:70] no fraction in the CRI clock'),
    cri('2026-02-22T08:15:38.1Z', KLOG_SIGNAL),
    cri('2026-02-22T08:15:39.123456789Z', 'time="2026-02-22T08:15:39Z" level=warning msg="logfmt payload"', 'stdout'),
    cri('2026-02-22T08:15:39.5Z', 'time=2026-02-22T08:15:39Z level=INFO msg="upper-case logfmt level"'),
    cri('2026-02-22T08:15:40.5Z', 'partial line', 'stdout', 'P'),
    '2026-02-22T08:15:41.5Z stdout F',
    '2026-02-22T08:15:41.6Z stdout Fno space after the tag',
    '2026-02-22T08:15:41.7Z stdout F  two spaces',
    cri('2026-02-22T09:15:42.5+01:00', 'offset clock'),
    cri('2026-02-30T08:15:43.5Z', 'February 30th'),
    cri('2026-02-29T08:15:43.5Z', 'not a leap year'),
    cri('2024-02-29T08:15:43.5Z', 'a leap year'),
    cri('2026-13-01T08:15:43.5Z', 'month 13'),
    cri('2026-01-01T24:00:00.000Z', 'hour 24'),
    cri('2026-01-01T23:59:60.000Z', 'leap second'),
    cri('2026-02-22T08:15:44.5Z', 'inner\rcarriage return'),
    cri('2026-02-22T08:15:44.6Z', 'line\u2028separator'),
    cri('2026-02-22T08:15:44.7Z', 'paragraph\u2029separator'),
    cri('2026-02-22T08:15:44.8Z', 'E0µ 1 not klog but multi-byte'),
    cri('2026-02-22T08:15:44.9Z', 'Iµ22 08:15:44 multi-byte after the letter'),
    cri('2026-02-22T08:15:45.0Z', 'I02µ2 08:15:45 multi-byte inside the klog head'),
    cri('2026-02-22T08:15:45.1Z', 'µ level=warn after a multi-byte character'),
    cri('2026-02-22T08:15:45.2Z', `${'x'.repeat(63)}level=warn at 63`),
    cri('2026-02-22T08:15:45.3Z', `${'x'.repeat(64)}level=warn at 64`),
    cri('2026-02-22T08:15:45.4Z', 'level="warn" quoted'),
    '2026-02-22 01:05:01.044022 W | wal: capnslog warning',
    '2026-02-22 01:05:01.044022 E | etcdserver: capnslog error',
    '2026-02-22 01:05:01.044022 C | etcdserver: capnslog critical',
    'time="2026-02-22T08:22:11.000000000Z" level=info msg="bare logfmt"',
    'time="2026-02-22T08:22:12.000000000Z" level=error msg="ExecSync for \\"abc\\" failed" error="rpc error: code = DeadlineExceeded desc = x"',
    'level=warn msg="level first"',
    'I0222 08:18:51.772097       1 cidrallocator.go:277] bare klog',
    KLOG_SIGNAL,
    `10.20.0.14: ${ZAP}`,
    '10.20.0.14: plain text after an IP prefix',
    '01:05:00: a clock is not a node',
    'fd00:10:20::14: {"level":"info","msg":"IPv6 prefix"}',
    '[fd00:10:20::14]: {"level":"info","msg":"bracketed IPv6 prefix"}',
    `talos02: ${ZAP}`,
    'talos02: not JSON after a host prefix',
    'deadbeef:cafe: hex that is no address',
    'Feb 22 01:05:00 cp-1 kubelet[1234]: I0222 01:05:00.000000    1234 x.go:1] journald short',
    'Feb 22 01:05:00 cp-1 etcd[812]: {"level":"warn","ts":"2026-02-22T01:05:00.871Z","msg":"slow fdatasync","took":"1.04s"}',
    '2026-02-22T01:05:00+0000 cp-1 containerd[702]: time="2026-02-22T01:05:00Z" level=info msg="journald ISO"',
    'Feb is not a syslog header',
    '==== START logs for container kube-apiserver of pod kube-system/kube-apiserver-talos01 ====',
    cri('2026-02-22T08:15:46.5Z', KLOG_SIGNAL),
    '==== END logs for container kube-apiserver of pod kube-system/kube-apiserver-talos01 ====',
    '```',
    '$ kubectl get pods',
    '# kubectl logs x',
    '> quoted',
    '   indented text',
    '\tindented with a tab',
    '\u00a0non-breaking space first',
    '\ufeffbyte order mark first',
    'µ non-ASCII first',
    '~~~',
    'ends with µ',
    'text with "err": inside but not JSON',
    `I/O error on a short needle`,
    `prefix   UTC   suffix`,
    `${'y'.repeat(MAX_LINE_BYTES - 10)} slow fdatasync at the end of an overlong line ${'z'.repeat(20)}`,
    `${'y'.repeat(MAX_LINE_BYTES)}`,
    `${'y'.repeat(MAX_LINE_BYTES + 1)}`,
    `${'{"level":"error","msg":"'}${'w'.repeat(MAX_LINE_BYTES)}"}`,
    'invalid utf-8 follows: \udcff',
  ];
}

function odd(times: number): string {
  const lines = oddLines();
  const out: string[] = [];
  for (let i = 0; i < times; i++) out.push(...lines);
  return out.join('\n');
}

/** Ordinary lines (every generated format), repeated to about `bytes`. */
function ordinary(bytes: number): string {
  const sample = sampleOrdinaryLines(50).map((x) => x.line);
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const l = sample[i % sample.length];
    out.push(l);
    n += l.length + 1;
  }
  return out.join('\n');
}

describe('log reading: the byte fast path gives the reference evidence', () => {
  const tmp = tempDir('kubesleuth-perf-');
  after(() => tmp.cleanup());

  it('on the bundled example', async () => {
    const { fast, reference } = await both(EXAMPLE);
    assert.ok(reference.signals.length > 1000);
    assertSame(fast, reference);
  });

  it('on lines of every odd shape: small, large (past the whole-file limit), last line unterminated, and zipped', async () => {
    const big = ordinary(5 * 1024 * 1024);
    // Invalid UTF-8 bytes and a NUL-free binary-looking run, as bytes.
    const raw = Buffer.concat([Buffer.from(`${odd(2)}\n`), Buffer.from([0xff, 0xfe, 0x41, 0x0a, 0xe2, 0x80, 0x0a]), Buffer.from(odd(1))]);
    const tree = {
      'node-a/service-logs/etcd.log': raw,
      'node-a/service-logs/kubelet.log': `${odd(1)}\n${big}\n${odd(1)}\n${big}\n${odd(1)}`,
      'node-a/kubernetes-logs/kube-system/kube-apiserver.log': `${big}\n${odd(3)}`,
      'loose/notes.txt': `${odd(1)}\n`,
      'loose/big.log': `${odd(1)}\r\n${big.replace(/\n/g, '\r\n')}\r\n${odd(1)}\r\n`,
      'loose/dump/logs.txt': `${odd(1)}\n${big}\n`,
    };
    const dir = writeTree(path.join(tmp.dir, 'odd'), tree);
    const { fast, reference } = await both(dir);
    assert.ok(reference.signals.length > 20 && reference.logStats.length > 5);
    assert.ok(reference.sources[0].warnings.some((w) => w.includes('overlong')));
    assertSame(fast, reference);
    const zip = writeZip(path.join(tmp.dir, 'odd.zip'), tree);
    const z = await both(zip);
    assertSame(z.fast, z.reference);
  });

  it('on a generated bundle whose logs are past the whole-file limit, read by one thread and in parts by several', async () => {
    const b = generateBundle({ out: path.join(tmp.dir, 'gen'), example: EXAMPLE, bytes: 40_000_000 });
    const saved = { ...parallelOptions };
    try {
      parallelOptions.threads = 1;
      const { fast, reference } = await both(b.dir);
      assertSame(fast, reference);
      // Small parts, more threads than cores: parts merged, and parts read again (streams first
      // seen late, dump headers) both give the sequential result.
      Object.assign(parallelOptions, { threads: 3, splitMinBytes: 1 << 20, partMinBytes: 256 << 10 });
      const before = parallelCounts.merged;
      const inParts = await both(b.dir);
      assertSame(inParts.fast, reference);
      assert.ok(parallelCounts.merged > before, 'some parts were read by workers');
    } finally {
      Object.assign(parallelOptions, saved);
    }
  });

  it('on odd lines read in parts: streams first seen in a later part and dump headers are read again in order', async () => {
    const big = ordinary(3 * 1024 * 1024);
    const tree = {
      'node-a/service-logs/etcd.log': `${big}\n${odd(2)}\n${big}\n${odd(1)}\n${big}`,
      'node-b/service-logs/kubelet.log': `${odd(1)}\n${big}\n${big}\n${odd(2)}`,
      'loose/dump/logs.txt': `${big}\n==== START logs for container etcd of pod kube-system/etcd-a ====\n${big}\n${odd(1)}`,
      'node-c/service-logs/cri.log': `${big}\n${big}\n${big}\n`,
    };
    const dir = writeTree(path.join(tmp.dir, 'parts'), tree);
    const saved = { ...parallelOptions };
    try {
      parallelOptions.threads = 1;
      const { reference } = await both(dir);
      Object.assign(parallelOptions, { threads: 4, splitMinBytes: 1 << 20, partMinBytes: 512 << 10 });
      const before = { ...parallelCounts };
      const { fast } = await both(dir);
      assertSame(fast, reference);
      assert.ok(parallelCounts.reread > before.reread, 'some parts were read again');
      assert.ok(parallelCounts.merged > before.merged, 'some parts were merged');
    } finally {
      Object.assign(parallelOptions, saved);
    }
  });
});
