// Flags of `kubesleuth fix etcd-defrag`. Hand-rolled: a dozen flags, `--flag value` or
// `--flag=value`, and every mistake becomes one clear line (FixError 'usage', exit 2).
import { FixError } from './errors.js';

export interface DefragArgs {
  endpoints: string[];
  cacert?: string;
  cert?: string;
  key?: string;
  timeoutMs: number;
  talosconfig?: string;
  nodes: string[];
  yes: boolean;
  rule?: string;
  /** Bytes; undefined = discover (etcd /metrics) or 2 GiB. */
  dbQuota?: number;
  moveLeader: boolean;
  output: 'text' | 'json';
  session?: string;
  debug: boolean;
  help: boolean;
}

export const USAGE = `Usage: kubesleuth fix etcd-defrag [--etcd-endpoints URL,... [--cacert F --cert F --key F] | --talosconfig F --nodes A,B,C]
                                [--yes] [--rule EXPR] [--db-quota SIZE] [--move-leader] [--timeout DUR]
                                [-o text|json] [--session FILE] [--debug]

Plans a member-by-member defragmentation (followers first, the leader last) and changes nothing
unless --yes is given. Refuses when a member is unreachable or unhealthy, there is no leader, or an
alarm other than NOSPACE is raised.

  --etcd-endpoints   every member's client URL (host:port or http(s)://host:port), comma-separated
  --cacert/--cert/--key  TLS files, as for etcdctl
  --talosconfig, --nodes  Talos mode: run through talosctl against these control-plane nodes
  --yes              act; without it only the plan is printed
  --rule EXPR        which members to defragment; names: dbSize, dbSizeInUse, dbSizeFree, dbQuota,
                     dbQuotaUsage, nospace, isLeader; operators: * / + - < <= > >= == != && || ! ( )
                     numbers may carry units (100MB, 200MiB) — default:
                     dbSizeInUse / dbSize < 0.5 && dbSizeFree > 100MB || nospace
  --db-quota SIZE    backend quota for dbQuota/dbQuotaUsage and the NOSPACE disarm check
                     (default: etcd's etcd_server_quota_backend_bytes, else 2GiB)
  --move-leader      hand leadership to a defragmented follower before defragmenting the leader
  --timeout DUR      bound on each call (default 5s); catch-up waits 3x this, a defrag up to 10m
  -o, --output       text (default) or json
  --session FILE     append each step to a debug-session file as Evidence, update its Resolution
  --debug            stack traces on unexpected errors, progress on stderr with -o json

Exit codes: 0 plan printed or run completed; 1 refused or stopped (see abortReason); 2 usage error or
nothing reachable.`;

const VALUE_FLAGS = new Set(['--etcd-endpoints', '--endpoints', '--cacert', '--cert', '--key', '--timeout', '--talosconfig', '--nodes', '-n', '--rule', '--db-quota', '-o', '--output', '--session']);
const BOOL_FLAGS = new Set(['--yes', '-y', '--move-leader', '--debug', '--help', '-h']);

const SIZE_UNITS: Record<string, number> = {
  '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, k: 1e3, m: 1e6, g: 1e9,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4, ki: 1024, mi: 1024 ** 2, gi: 1024 ** 3,
};

export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-zA-Z]*)$/.exec(text.trim());
  if (!m) return undefined;
  const f = SIZE_UNITS[m[2].toLowerCase()];
  return f === undefined ? undefined : Math.round(Number(m[1]) * f);
}

/** Go-style durations (`5s`, `500ms`, `1m30s`) or plain seconds. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t) return undefined;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]], 0);
}

function list(v: string): string[] {
  return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

export function parseDefragArgs(argv: string[]): DefragArgs {
  const a: DefragArgs = { endpoints: [], nodes: [], timeoutMs: 5000, yes: false, moveLeader: false, output: 'text', debug: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (BOOL_FLAGS.has(flag)) {
      if (eq > 0) throw new FixError('usage', `${flag} takes no value`);
      if (flag === '--yes' || flag === '-y') a.yes = true;
      else if (flag === '--move-leader') a.moveLeader = true;
      else if (flag === '--debug') a.debug = true;
      else a.help = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) {
      throw new FixError('usage', flag.startsWith('-') ? `unknown flag ${flag}` : `unexpected argument '${arg}'`);
    }
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new FixError('usage', `${flag} needs a value`);
    value = value.trim();
    switch (flag) {
      case '--etcd-endpoints':
      case '--endpoints':
        a.endpoints.push(...list(value));
        break;
      case '--cacert': a.cacert = value; break;
      case '--cert': a.cert = value; break;
      case '--key': a.key = value; break;
      case '--talosconfig': a.talosconfig = value; break;
      case '--nodes':
      case '-n':
        a.nodes.push(...list(value));
        break;
      case '--rule': a.rule = value; break;
      case '--session': a.session = value; break;
      case '--timeout': {
        const ms = parseDuration(value);
        if (ms === undefined || ms <= 0) throw new FixError('usage', `--timeout: '${value}' is not a duration (e.g. 5s, 500ms, 1m)`);
        a.timeoutMs = ms;
        break;
      }
      case '--db-quota': {
        const n = parseSize(value);
        if (n === undefined || n <= 0) throw new FixError('usage', `--db-quota: '${value}' is not a size (e.g. 2147483648, 2GiB, 8GB)`);
        a.dbQuota = n;
        break;
      }
      case '-o':
      case '--output':
        if (value !== 'text' && value !== 'json') throw new FixError('usage', `${flag}: '${value}' is not one of text, json`);
        a.output = value;
        break;
    }
  }
  if (a.help) return a;
  const talos = a.nodes.length > 0 || a.talosconfig !== undefined;
  if (talos && a.endpoints.length > 0) throw new FixError('usage', 'give either --etcd-endpoints or --talosconfig/--nodes, not both');
  if (talos && a.nodes.length === 0) throw new FixError('usage', '--talosconfig needs --nodes A,B,C (every control-plane node)');
  if (!talos && a.endpoints.length === 0) throw new FixError('usage', 'give --etcd-endpoints URL,... or --talosconfig F --nodes A,B,C');
  if (talos && (a.cacert || a.cert || a.key)) throw new FixError('usage', '--cacert/--cert/--key apply to --etcd-endpoints, not to Talos mode');
  return a;
}
