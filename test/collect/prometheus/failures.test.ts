// A Prometheus that cannot be used: nothing listening, not a Prometheus API, credentials missing or
// wrong (real Prometheus with basic auth), no answer in time, no etcd series. Each is one clear
// warning in the prometheus source and the rest of the diagnosis is still made; only when
// Prometheus is the only source and cannot be asked does diagnose exit 2.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { collectPrometheus } from '../../../src/collect/prometheus/index.js';
import { diagnose } from '../../../src/diagnose.js';
import type { Report } from '../../../src/types.js';
import { freePort, startPrometheus, type PrometheusServer } from '../../harness/prometheus.js';
import { kubesleuth } from '../../scenarios/etcd-live/diagnosis.js';

/** bcrypt (cost 6) of "kubesleuth-test", for Prometheus --web.config.file. */
const HASH = '$2b$06$hiaGYnbOwsLEtgGIUZnzCeW4avTrmq.ExfleLUn3OBMsjKmKMdveW';
const BASIC = `Basic ${Buffer.from('ks:kubesleuth-test').toString('base64')}`;

const SLOW_SYNC = (s: number): string =>
  `{"level":"warn","ts":"2026-02-22T01:05:0${s}.871Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.${s}44022245s","expected-duration":"1s"}`;

function promSource(r: Report) {
  const s = r.sources.find((x) => x.kind === 'prometheus');
  assert.ok(s, `a prometheus source in ${JSON.stringify(r.sources)}`);
  return s;
}

/** The logs were still diagnosed: the slow disk of talos02 from its three slow fdatasync lines. */
function assertLogsDiagnosed(r: Report): void {
  const f = r.findings.find((x) => x.rule === 'etcd/slow-disk');
  assert.ok(f, JSON.stringify(r.findings.map((x) => x.rule)));
  assert.equal(f.subject.name, 'talos02');
  assert.equal(f.count, 3);
  assert.deepEqual(r.rootCauses.map((c) => `${c.failureMode} ${c.subject.name}`), ['etcd-slow-disk talos02']);
}

describe('prometheus source failures', () => {
  let prom: PrometheusServer;
  let dir: string;
  let logs: string;
  let notProm: Server;
  let silent: Server;
  let notPromUrl: string;
  let silentUrl: string;
  let deadUrl: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubesleuth-prom-failures-'));
    logs = join(dir, 'talos02', 'service-logs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(join(logs, 'etcd.log'), `${[1, 2, 3].map(SLOW_SYNC).join('\n')}\n`);
    logs = join(dir, 'talos02');
    // A real Prometheus with basic auth and nothing to scrape: it answers, but holds no etcd series.
    prom = await startPrometheus({ jobs: [], basicAuth: { user: 'ks', bcryptHash: HASH } });
    notProm = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><body>Not Found</body></html>');
    });
    silent = createServer(() => {
      /* never answers */
    });
    const listen = (s: Server) => new Promise<string>((r) => s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(s.address() as import('node:net').AddressInfo).port}`)));
    notPromUrl = await listen(notProm);
    silentUrl = await listen(silent);
    deadUrl = `http://127.0.0.1:${await freePort()}`;
  });
  after(async () => {
    silent?.closeAllConnections();
    await Promise.all([prom?.stop(), new Promise((r) => notProm?.close(r)), new Promise((r) => silent?.close(r))]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('nothing listening: a warning, the logs still diagnosed', async () => {
    const r = await diagnose({ paths: [logs], prometheus: { url: deadUrl } });
    assert.deepEqual(promSource(r).warnings, [`Prometheus at ${deadUrl} is unreachable: connection refused; diagnosed without metrics`]);
    assertLogsDiagnosed(r);
  });

  it('not a Prometheus API (HTTP 404 HTML): a warning, the logs still diagnosed', async () => {
    const r = await diagnose({ paths: [logs], prometheus: { url: notPromUrl } });
    const [w, ...more] = promSource(r).warnings;
    assert.deepEqual(more, []);
    assert.match(w, new RegExp(`^${notPromUrl} does not answer as a Prometheus API: /api/v1/query_range gave HTTP 404 \\(text/html\\)`));
    assertLogsDiagnosed(r);
  });

  it('no answer within the timeout: a warning', async () => {
    const t0 = Date.now();
    const r = await diagnose({ paths: [logs], prometheus: { url: silentUrl, timeoutMs: 500 } });
    assert.ok(Date.now() - t0 < 5000);
    assert.deepEqual(promSource(r).warnings, [`Prometheus at ${silentUrl} did not answer within 500ms; diagnosed without metrics`]);
    assertLogsDiagnosed(r);
  });

  it('credentials missing (HTTP 401 from a real Prometheus with basic auth): a warning saying how to give them', async () => {
    const r = await diagnose({ paths: [logs], prometheus: { url: prom.url } });
    const [w, ...more] = promSource(r).warnings;
    assert.deepEqual(more, []);
    assert.match(w, /^Prometheus at http:\/\/127\.0\.0\.1:\d+ refused the request: HTTP 401 Unauthorized; give credentials with --prometheus-header Authorization=… or user:password@ in the URL; diagnosed without metrics$/);
    assertLogsDiagnosed(r);
  });

  it('credentials wrong: a warning saying they were not accepted', async () => {
    const r = await diagnose({ paths: [logs], prometheus: { url: prom.url, headers: { Authorization: 'Basic d3Jvbmc6d3Jvbmc=' } } });
    assert.match(promSource(r).warnings[0], /HTTP 401 Unauthorized \(the credentials given were not accepted\)/);
    assertLogsDiagnosed(r);
  });

  it('credentials accepted (header or user:password@ in the URL), but no etcd series: an empty-result warning', async () => {
    for (const conn of [{ url: prom.url, headers: { Authorization: BASIC } }, { url: prom.url.replace('http://', 'http://ks:kubesleuth-test@') }]) {
      const { source, metrics } = await collectPrometheus({ ...conn, sinceMs: 60_000 });
      assert.equal(metrics.length, 0);
      assert.equal(source.location, prom.url, 'no credentials in the location');
      assert.equal(source.warnings.length, 1, JSON.stringify(source.warnings));
      assert.match(source.warnings[0], /^Prometheus at http:\/\/127\.0\.0\.1:\d+ holds no etcd series from \S+ to \S+ \(asked etcd_mvcc_db_total_size_in_bytes, .*\): is etcd scraped, and does --since reach back far enough\?$/);
    }
  });

  it('CLI: Prometheus unreachable beside a PATH is a warning (exit 1 for the logs\' finding); alone it is exit 2 with one line', async () => {
    const withLogs = await kubesleuth(['diagnose', logs, '--prometheus', deadUrl, '-o', 'json']);
    assert.equal(withLogs.code, 1, withLogs.stderr);
    const rep = JSON.parse(withLogs.stdout) as Report;
    assert.match(promSource(rep).warnings[0], /unreachable: connection refused/);
    assertLogsDiagnosed(rep);

    const alone = await kubesleuth(['diagnose', '--prometheus', deadUrl]);
    assert.equal(alone.code, 2);
    assert.equal(alone.stdout, '');
    assert.equal(alone.stderr, `kubesleuth: Prometheus at ${deadUrl} is unreachable: connection refused\n`);

    const auth = await kubesleuth(['diagnose', '--prometheus', prom.url]);
    assert.equal(auth.code, 2);
    assert.match(auth.stderr, /^kubesleuth: Prometheus at \S+ refused the request: HTTP 401 Unauthorized; give credentials with --prometheus-header/);
  });

  it('CLI: alone and answering but empty, a report with the warning (exit 0); --prometheus-header and --since are read', async () => {
    const r = await kubesleuth(['diagnose', '--prometheus', prom.url, '--prometheus-header', `Authorization=${BASIC}`, '--since', '10m', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(r.stdout) as Report;
    const w = promSource(rep).warnings;
    assert.equal(w.length, 1);
    assert.match(w[0], /holds no etcd series from (\S+) to (\S+)/);
    const [, from, to] = /from (\S+) to (\S+)/.exec(w[0])!;
    assert.equal(Date.parse(to) - Date.parse(from), 10 * 60_000);
  });

  it('CLI: bad flag values are usage errors', async () => {
    for (const [args, msg] of [
      [['--prometheus', prom.url, '--since', 'yesterday'], /--since: not a duration: yesterday/],
      [['--prometheus', prom.url, '--prometheus-header', 'no-value'], /--prometheus-header takes NAME=VALUE/],
      [[logs, '--since', '1h'], /--since needs --prometheus URL/],
    ] as const) {
      const r = await kubesleuth(['diagnose', ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, msg);
    }
  });
});
