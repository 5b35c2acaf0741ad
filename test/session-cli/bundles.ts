// Small evidence folders in real formats for the session CLI tests, and a way to run the real CLI.
//   etcd-status.txt                  `talosctl etcd status` (tabwriter columns), leader talos01
//   nodes.json                       `kubectl get nodes -o json` (maps 10.20.0.x to talos0x)
//   pods.txt                         `kubectl get pods -A -o wide`
//   talos02/service-logs/etcd.log    etcd zap JSON (a follower): ReadIndex retries, slow applies
//   talos02/service-logs/kubelet.log kubelet JSON: projected token fetch timeouts
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSession, writeSession } from '../../src/session/index.js';

/** The repository root (tests run from dist/test/session-cli). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BIN = path.join(REPO, 'bin/kubesleuth.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `node bin/kubesleuth.js …` as a child process, from the repository root unless told otherwise. */
export function cli(args: string[], cwd = REPO): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'ks-session-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

/** Waits until the wall clock has moved to a new second (timestamps are written to the second). */
export async function nextSecond(): Promise<void> {
  const now = Date.now();
  await new Promise((r) => setTimeout(r, 1000 - (now % 1000) + 20));
}

function table(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return `${cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join('').trimEnd()).join('\n')}\n`;
}

const zap = (ts: string, level: string, caller: string, msg: string, fields: Record<string, unknown> = {}): string => JSON.stringify({ level, ts, caller, msg, ...fields });

export interface BundleSpec {
  /** Members whose DB is mostly free pages (467 MB allocated, 55 MB in use); the others 57 MB / 55 MB. */
  fragmented?: Array<'talos01' | 'talos02' | 'talos03'>;
  /** Pairs of "waiting for ReadIndex" + "apply request took too long" lines in talos02's etcd log. */
  slow?: number;
  /** web-7d4 on talos02 stuck in ContainerCreating, with token fetch timeouts in the kubelet log. */
  stuck?: boolean;
  /** Write nodes.json (without it members are named by their IP). */
  nodes?: boolean;
  /** Hour of the capture (log times), so bundles differ in time. */
  hour?: number;
}

const MEMBERS = [
  { name: 'talos01', ip: '10.20.0.14', id: '25e10c575a763da7' },
  { name: 'talos02', ip: '10.20.0.15', id: '6f2c0a1b2c3d4e5f' },
  { name: 'talos03', ip: '10.20.0.16', id: '7a8b9c0d1e2f3a4b' },
] as const;

/** Writes a bundle folder and returns its path. */
export function writeBundle(dir: string, spec: BundleSpec): string {
  const { fragmented = [], slow = 0, stuck = false, nodes = true, hour = 1 } = spec;
  const hh = String(hour).padStart(2, '0');
  const at = (mm: number, ss = 0): string => `2026-02-22T${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}.000Z`;
  mkdirSync(path.join(dir, 'talos02/service-logs'), { recursive: true });

  writeFileSync(
    path.join(dir, 'etcd-status.txt'),
    table(
      ['NODE', 'MEMBER', 'DB SIZE', 'IN USE', 'LEADER', 'RAFT INDEX', 'RAFT TERM', 'RAFT APPLIED INDEX', 'LEARNER', 'ERRORS'],
      MEMBERS.map((m) => {
        const sizes = (fragmented as string[]).includes(m.name) ? ['467 MB', '55 MB (11.78%)'] : ['57 MB', '55 MB (96.49%)'];
        return [m.ip, m.id, ...sizes, MEMBERS[0].id, 53391, 195, 53391, 'false', ''];
      }),
    ),
  );

  if (nodes) {
    const items = MEMBERS.map((m) => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: m.name },
      status: {
        addresses: [{ type: 'InternalIP', address: m.ip }, { type: 'Hostname', address: m.name }],
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      },
    }));
    writeFileSync(path.join(dir, 'nodes.json'), `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2)}\n`);
  }

  const etcd = [zap(at(0), 'info', 'embed/serve.go:103', 'ready to serve client requests')];
  for (let i = 0; i < slow; i++) {
    etcd.push(zap(at(1 + i, 0), 'warn', 'etcdserver/v3_server.go:897', 'waiting for ReadIndex response took too long, retrying', { 'sent-request-id': 8128 + i, 'retry-timeout': '500ms' }));
    etcd.push(zap(at(1 + i, 5), 'warn', 'etcdserver/util.go:170', 'apply request took too long', { took: `${144 + 100 * i}.1ms`, 'expected-duration': '100ms', prefix: 'read-only range ', request: 'key:"/registry/pods/default/web-7d4"' }));
  }
  etcd.push(zap(at(30), 'info', 'mvcc/index.go:214', 'compact tree index', { revision: 1234 }));
  writeFileSync(path.join(dir, 'talos02/service-logs/etcd.log'), `${etcd.join('\n')}\n`);

  const kubelet: string[] = [];
  if (stuck && slow) {
    for (let i = 0; i < 2; i++) {
      kubelet.push(JSON.stringify({
        ts: Date.parse(at(2, 30 * i)) + 0.123,
        caller: 'operationexecutor/operation_generator.go:664',
        msg: `MountVolume.SetUp failed for volume "kube-api-access-x${i}" (UniqueName: "kubernetes.io/projected/uid-${i}-kube-api-access") pod "web-7d4" (UID: "uid-${i}") : failed to fetch token: Timeout: request did not complete within requested timeout - context deadline exceeded`,
        pod: { name: 'web-7d4', namespace: 'default' },
      }));
    }
  }
  kubelet.push(JSON.stringify({ ts: Date.parse(at(30)), caller: 'kubelet/kubelet.go:2100', msg: 'SyncLoop (PLEG): event for pod' }));
  writeFileSync(path.join(dir, 'talos02/service-logs/kubelet.log'), `${kubelet.join('\n')}\n`);

  writeFileSync(
    path.join(dir, 'pods.txt'),
    table(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE'], [
      ['kube-system', 'coredns-6f6b679f8f-abcde', '1/1', 'Running', 0, '2d', '10.244.0.5', 'talos01'],
      ['default', 'web-7d4', stuck ? '0/1' : '1/1', stuck ? 'ContainerCreating' : 'Running', 0, '20m', stuck ? '<none>' : '10.244.1.9', 'talos02'],
    ]),
  );
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Reading documents as text (independently of the library under test)

/** The raw text of each `- ` item of a list section, in order (trailing blank lines left out). */
export function listItems(doc: string, section: 'Evidence' | 'Eliminated'): string[] {
  const lines = doc.split(/(?<=\n)/);
  const start = lines.findIndex((l) => l.replace(/\r?\n$/, '') === `## ${section}`);
  if (start < 0) return [];
  const items: string[] = [];
  let cur: string | null = null;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('## ')) break;
    if (/^\s*- /.test(line)) {
      if (cur !== null) items.push(cur);
      cur = line;
    } else if (cur !== null) {
      cur += line;
    }
  }
  if (cur !== null) items.push(cur);
  return items.map((t) => t.replace(/(\r?\n)(?:[ \t]*\r?\n)+$/, '$1'));
}

/** A front-matter value as written (quotes included). */
export function frontMatter(doc: string, key: string): string | undefined {
  const fm = /^---\r?\n([\s\S]*?)\r?\n---/.exec(doc)?.[1] ?? '';
  return new RegExp(`^${key}: ?(.*)$`, 'm').exec(fm)?.[1]?.replace(/\r$/, '');
}

/** A top-level field's first line within a section. */
export function sectionField(doc: string, section: string, key: string): string | undefined {
  const body = doc.split(/^## /m).find((s) => s.startsWith(`${section}\n`) || s.startsWith(`${section}\r\n`)) ?? '';
  return new RegExp(`^${key}: ?(.*)$`, 'm').exec(body)?.[1]?.replace(/\r$/, '');
}

/** The `verification: |` block of Resolution, unindented. */
export function verificationBlock(doc: string): string {
  const m = /^verification: \|\r?\n((?: {2}.*\r?\n|\r?\n)*)/m.exec(doc);
  return (m?.[1] ?? '').split(/\r?\n/).map((l) => l.slice(2)).join('\n').trim();
}

/** Asserts that `before`'s items of a section are the first items of `after`'s, byte for byte, in order. */
export function prefixOf(before: string[], after: string[]): boolean {
  return before.length <= after.length && before.every((item, i) => after[i] === item);
}

/** `session check` finds no error or warning (notes, e.g. about a section a person added, are fine); the file round-trips byte for byte. */
export function assertClean(file: string): void {
  const text = read(file);
  const check = cli(['session', 'check', file]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  const bad = check.stdout.split('\n').filter((l) => l !== '' && l !== `${file}: ok` && !l.includes(': note: '));
  assert.deepEqual(bad, [], `check messages:\n${check.stdout}`);
  assert.equal(writeSession(parseSession(text)), text, 'round trip');
}

/** Earlier Evidence/Eliminated items are the first ones now, byte for byte; trigger and created unchanged. */
export function assertAppendOnly(before: string, after: string): void {
  for (const section of ['Evidence', 'Eliminated'] as const) {
    const a = listItems(before, section);
    const b = listItems(after, section);
    assert.ok(prefixOf(a, b), `${section}: every earlier item still there, byte for byte, in order`);
  }
  assert.equal(frontMatter(after, 'trigger'), frontMatter(before, 'trigger'), 'trigger unchanged');
  assert.equal(frontMatter(after, 'created'), frontMatter(before, 'created'), 'created unchanged');
}
