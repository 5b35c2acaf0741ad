// A stand-in for talosctl, for the live Talos collector's tests: it replays the output shapes of
// siderolabs/talos cmd/talosctl (tabwriter tables padded by 3 spaces, go-humanize sizes, %016x
// member ids, `error from node X: rpc error: …` on stderr and exit 1 when a node does not answer)
// and writes `talosctl support` zips in the go-talos-support layout (`<node>/service-logs/…`,
// `<node>/kubernetes-logs/kube-system/…`, `kubernetesResources/*.yaml`, with a
// `Processed with errors:` table on stderr for nodes that did not answer). The cluster is read from
// the JSON file named by $KUBESLEUTH_TALOS_STUB; every invocation is appended to its `calls`.
//
// Run through the `talosctl` shell wrapper that installTalosctlStub (./install.ts) writes.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildZip } from '../../helpers/zip-writer.js';
import type { TalosStubState } from './state.js';

const statePath = process.env.KUBESLEUTH_TALOS_STUB;
if (!statePath) {
  process.stderr.write('KUBESLEUTH_TALOS_STUB not set\n');
  process.exit(1);
}
const state = JSON.parse(readFileSync(statePath, 'utf8')) as TalosStubState;

const argv = process.argv.slice(2);
let nodes: string[] = [];
let talosconfig: string | undefined;
let output: string | undefined;
let noEncryption = false;
const words: string[] = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--talosconfig') talosconfig = argv[++i];
  else if (a === '--nodes' || a === '-n') nodes = argv[++i].split(',');
  else if (a.startsWith('--nodes=')) nodes = a.slice(8).split(',');
  else if (a === '-O' || a === '--output') output = argv[++i];
  else if (a === '--no-encryption') noEncryption = true;
  else words.push(a);
}
const command = words.join(' ');
appendFileSync(`${statePath}.calls`, `${JSON.stringify({ command, nodes, noEncryption, output: output !== undefined })}\n`);

const fail = (msg: string, code = 1): never => {
  process.stderr.write(`${msg}\n`);
  process.exit(code);
};

if (talosconfig && !existsSync(talosconfig)) {
  fail(`failed to open config file "${talosconfig}": open ${talosconfig}: no such file or directory`);
}
if (state.hangMs) {
  // A node that accepts the connection and never answers.
  await new Promise((resolve) => setTimeout(resolve, state.hangMs));
}

function humanBytes(s: number): string {
  if (s < 10) return `${s} B`;
  const sizes = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  const e = Math.floor(Math.log(s) / Math.log(1000));
  const val = Math.floor((s / 1000 ** e) * 10 + 0.5) / 10;
  return val < 10 ? `${val.toFixed(1)} ${sizes[e]}` : `${val.toFixed(0)} ${sizes[e]}`;
}

/** text/tabwriter (minwidth 0, tabwidth 0, padding 3, ' '): the cell after the last tab is not aligned. */
function tabwriter(lines: string[]): string {
  const rows = lines.map((l) => l.split('\t'));
  const widths: number[] = [];
  for (const r of rows) r.slice(0, -1).forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] + 3) : c)).join('')).join('\n') + '\n';
}

const unavailable = (n: string): string =>
  `error from node ${n}: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${n}:50000: connect: connection refused"`;

function eachNode(fn: (node: string) => string[]): { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  for (const n of nodes) {
    const s = state.nodes[n];
    if (!s || s.down) errors.push(unavailable(n));
    else lines.push(...fn(n));
  }
  return { lines, errors };
}

function finish(out: string, errors: string[]): never {
  if (out) process.stdout.write(out);
  if (errors.length) fail(errors.join('\n'));
  process.exit(0);
}

switch (command) {
  case 'etcd status': {
    const header = 'NODE\tMEMBER\tDB SIZE\tIN USE\tLEADER\tRAFT INDEX\tRAFT TERM\tRAFT APPLIED INDEX\tLEARNER\tPROTOCOL\tSTORAGE\tERRORS';
    const { lines, errors } = eachNode((n) => {
      const m = state.nodes[n].etcd;
      if (!m) {
        errors.push(`error from node ${n}: rpc error: code = Unknown desc = etcd is not running on this node`);
        return [];
      }
      const ratio = m.dbSize > 0 ? ((m.dbSizeInUse / m.dbSize) * 100).toFixed(2) : '0.00';
      return [[n, m.id.padStart(16, '0'), humanBytes(m.dbSize), `${humanBytes(m.dbSizeInUse)} (${ratio}%)`, state.leader.padStart(16, '0'),
        String(state.raftIndex), String(state.term), String(state.raftIndex), 'false', '3.6.0', '3.6.0', ''].join('\t')];
    });
    finish(lines.length ? tabwriter([header, ...lines]) : '', errors);
    break;
  }
  case 'processes': {
    const header = 'NODE\tPID\tSTATE\tTHREADS\tCPU-TIME\tVIRTMEM\tRESMEM\tLABEL\tCOMMAND';
    const { lines, errors } = eachNode((n) =>
      (state.nodes[n].processes ?? []).map((p) =>
        [n, String(p.pid), p.state ?? 'S', String(p.threads ?? 1), (p.cpuSeconds ?? 0).toFixed(2), humanBytes(p.virtBytes ?? 0), humanBytes(p.resBytes ?? 0), p.label ?? '', p.command].join('\t'),
      ),
    );
    finish(tabwriter([header, ...lines]), errors);
    break;
  }
  case 'support': {
    if (state.version === 'v1.13' && noEncryption) {
      fail('Error: unknown flag: --no-encryption\nUsage:\n  talosctl support [flags]\n');
    }
    if (!output) fail('the stub needs -O');
    if (existsSync(output!)) fail(`${output} already exists, overwrite? [y/N]: operation aborted`);
    if (nodes.length === 0) fail('please provide at least a single node to gather the debug information from');
    const entries: Array<{ name: string; data: string }> = [];
    const errors: Array<[string, string]> = [];
    for (const n of nodes) {
      const s = state.nodes[n];
      if (!s || s.down) {
        errors.push([n, `rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${n}:50000: connect: connection refused"`]);
        continue;
      }
      for (const [rel, data] of Object.entries(s.support ?? {})) entries.push({ name: `${n}/${rel}`, data });
    }
    for (const [rel, data] of Object.entries(state.cluster ?? {})) entries.push({ name: rel, data });
    if (state.binaryEntry) entries.push({ name: `${nodes[0]}/${state.binaryEntry}`, data: '\0\0\0binary\0' });
    writeFileSync(output!, buildZip(entries));
    if (errors.length) {
      process.stderr.write('Processed with errors:\n');
      process.stderr.write(tabwriter(['\tSOURCE\tERROR', ...errors.map(([n, e]) => `\t${n}\t\x1b[31m${e}\x1b[0m`)]));
    }
    process.stderr.write(`Support bundle is written to ${output}\n`);
    process.exit(0);
    break;
  }
  default:
    fail(`Error: unknown command "${command}" for "talosctl"`);
}
