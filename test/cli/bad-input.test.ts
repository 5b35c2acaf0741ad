// Bad input through the real CLI (`node bin/kubesleuth.js`, built first, run from the repo root):
// unreadable paths and zips end in exit 2 with one line on stderr; damaged parts of otherwise
// readable input become warnings in sources[].warnings while the rest is diagnosed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { buildZip, centralDirectoryOffset } from '../helpers/zip-writer.js';
import { tempDir } from '../intake/tree.js';
import type { Report } from '../../src/types.js';

const BIN = path.resolve('bin/kubesleuth.js');
const tmp = tempDir('kubesleuth-bad-input-');
after(() => tmp.cleanup());
let n = 0;
const fresh = (name: string): string => {
  const dir = path.join(tmp.dir, String(n++));
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function kubesleuth(args: string[], nodeOptions: string[] = []): Run {
  const r = spawnSync(process.execPath, [...nodeOptions, BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2 and exactly one line on stderr, no stack trace, nothing on stdout. */
function assertOneLineFailure(r: Run, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^kubesleuth: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at |internal error/);
}

function report(r: Run): Report {
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Report;
}

// etcd WAL sync warnings as `talosctl logs etcd` prints them: three make a critical etcd/slow-disk finding.
const SLOW_SYNC = (s: number): string =>
  `10.20.0.15: {"level":"warn","ts":"2026-02-22T01:05:0${s}.871Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.${s}44022245s","expected-duration":"1s"}`;
const ETCD_LOG = `${[1, 2, 3].map(SLOW_SYNC).join('\n')}\n`;

function assertDiagnosedSlowDisk(rep: Report, source: RegExp): void {
  const f = rep.findings.find((x) => x.rule === 'etcd/slow-disk');
  assert.ok(f, `etcd/slow-disk found in ${JSON.stringify(rep.findings.map((x) => x.rule))}`);
  assert.equal(f.count, 3);
  assert.match(f.evidence[0].source, source);
}

describe('diagnose: unreadable input ends the run with exit 2 and one line', () => {
  it('a missing path', () => {
    assertOneLineFailure(kubesleuth(['diagnose', path.join(tmp.dir, 'no-such-bundle.zip'), '-o', 'json']), /no such file or folder: .*no-such-bundle\.zip$/);
  });

  it('a truncated zip (no end of central directory)', () => {
    const zip = fresh('truncated.zip');
    const whole = buildZip([{ name: '10.20.0.15/service-logs/etcd.log', data: ETCD_LOG.repeat(40) }, { name: 'kubernetesResources/nodes.yaml', data: 'items: []\n' }]);
    writeFileSync(zip, whole.subarray(0, Math.floor(whole.length * 0.6)));
    assertOneLineFailure(kubesleuth(['diagnose', zip, '-o', 'json']), /truncated\.zip: .*zip/);
  });

  it('a zip whose central directory is corrupt', () => {
    const zip = fresh('corrupt-cd.zip');
    const whole = buildZip([{ name: 'a/etcd.log', data: ETCD_LOG }, { name: 'b/etcd.log', data: ETCD_LOG }]);
    const cd = centralDirectoryOffset(whole);
    writeFileSync(zip, Buffer.concat([whole.subarray(0, cd), Buffer.alloc(24, 0x41), whole.subarray(cd + 24)]));
    assertOneLineFailure(kubesleuth(['diagnose', zip, '-o', 'json']), /corrupt-cd\.zip: corrupt zip/);
  });

  it('a bad -o value, an unknown flag and no PATH at all', () => {
    const file = fresh('etcd.log');
    writeFileSync(file, ETCD_LOG);
    assertOneLineFailure(kubesleuth(['diagnose', file, '-o', 'yaml']), /-o must be one of text, markdown, json, html/);
    assertOneLineFailure(kubesleuth(['diagnose', file, '--frobnicate']), /Unknown option '--frobnicate'/);
    assertOneLineFailure(kubesleuth(['diagnose', '-o', 'json']), /nothing to diagnose/);
  });
});

describe('diagnose: damaged parts become warnings and the rest is diagnosed', () => {
  it('a zip entry whose data is corrupt', () => {
    const zip = fresh('bad-entry.zip');
    const whole = buildZip([{ name: 'a/etcd.log', data: `${'{"level":"info","msg":"filler"}\n'.repeat(200)}` }, { name: 'b/etcd.log', data: ETCD_LOG }]);
    const broken = Buffer.from(whole);
    broken.fill(0xff, 30 + 'a/etcd.log'.length, 30 + 'a/etcd.log'.length + 8); // the first entry's deflate stream
    writeFileSync(zip, broken);
    const rep = report(kubesleuth(['diagnose', zip, '-o', 'json']));
    assert.deepEqual(rep.sources.map((s) => s.warnings.length), [1]);
    assert.match(rep.sources[0].warnings[0], /bad-entry\.zip:a\/etcd\.log: could not be read/);
    assertDiagnosedSlowDisk(rep, /bad-entry\.zip:b\/etcd\.log$/);
  });

  it('a zip entry that would escape the folder is skipped and nothing is written outside', () => {
    const zip = fresh('evil.zip');
    const dir = path.dirname(zip);
    writeFileSync(zip, buildZip([{ name: '../../evil.txt', data: 'pwned\n' }, { name: '../evil-dir/', data: undefined }, { name: 'talos02/etcd.log', data: ETCD_LOG }]));
    const before = readdirSync(tmp.dir).sort();
    const r = kubesleuth(['diagnose', zip, '-o', 'json']);
    const rep = report(r);
    assert.equal(rep.sources[0].warnings.length, 2);
    assert.match(rep.sources[0].warnings[0], /entry "\.\.\/\.\.\/evil\.txt" would escape the folder; skipped/);
    assertDiagnosedSlowDisk(rep, /evil\.zip:talos02\/etcd\.log$/);
    assert.deepEqual(readdirSync(tmp.dir).sort(), before);
    assert.deepEqual(readdirSync(dir), ['evil.zip']);
    assert.equal(existsSync(path.join(tmp.dir, '..', 'evil.txt')), false);
    assert.equal(existsSync(path.resolve('evil.txt')), false);
  });

  it('a file of unknown format, a binary file and a compressed file among good ones', () => {
    const log = fresh('etcd.log');
    const dir = path.dirname(log);
    writeFileSync(log, ETCD_LOG);
    writeFileSync(path.join(dir, 'notes.txt'), 'rebooted talos02 at 01:00\nthen the pods hung\n');
    writeFileSync(path.join(dir, 'core.dump'), Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(4096)]));
    writeFileSync(path.join(dir, 'old-logs.tar.gz'), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]));
    const rep = report(kubesleuth(['diagnose', dir, '-o', 'json']));
    const w = rep.sources[0].warnings;
    assert.equal(w.length, 3, JSON.stringify(w));
    assert.ok(w.some((x) => x.includes('core.dump') && /binary/.test(x)));
    assert.ok(w.some((x) => x.includes('notes.txt') && /format not recognised/.test(x)));
    assert.ok(w.some((x) => x.includes('old-logs.tar.gz') && /compressed/.test(x)));
    assertDiagnosedSlowDisk(rep, /etcd\.log$/);
  });

  it('a single file of unknown format given on its own', () => {
    const file = fresh('mystery.bin.txt');
    writeFileSync(file, 'lorem ipsum dolor sit amet\n');
    const rep = report(kubesleuth(['diagnose', file, '-o', 'json']));
    assert.deepEqual(rep.sources[0].warnings, [`${file}: format not recognised (no log, table or object format found); read as plain text`]);
    assert.deepEqual(rep.findings, []);
  });

  it('a truncated last line still counts, and a 1 MB line without newline is cut with a warning', () => {
    const file = fresh('etcd.log');
    const cutJson = SLOW_SYNC(4).slice(0, 120); // the writer died mid-line: no closing brace, no newline
    writeFileSync(file, `${ETCD_LOG}${'{"level":"info","msg":"x","pad":"'}${'y'.repeat(1024 * 1024)}\n${cutJson}`);
    const rep = report(kubesleuth(['diagnose', file, '-o', 'json']));
    assert.deepEqual(rep.sources[0].warnings, [`${file}: 1 overlong line(s) cut at 256 KiB`]);
    const f = rep.findings.find((x) => x.rule === 'etcd/slow-disk');
    assert.equal(f?.count, 4);
    assert.ok(rep.timeline.some((p) => p.signal === 'etcd.slow-fdatasync' && p.ref.line === 5));
  });

  it('a 48 MB file that is one line is streamed in bounded memory', () => {
    const file = fresh('huge.log');
    const fd = openSync(file, 'w');
    writeSync(fd, ETCD_LOG);
    const block = Buffer.alloc(1024 * 1024, 'z');
    for (let i = 0; i < 48; i++) writeSync(fd, block);
    closeSync(fd);
    // A heap this small cannot hold the line as a string: only a streaming, cutting reader gets through.
    const rep = report(kubesleuth(['diagnose', file, '-o', 'json'], ['--max-old-space-size=32']));
    assert.deepEqual(rep.sources[0].warnings, [`${file}: 1 overlong line(s) cut at 256 KiB`]);
    assertDiagnosedSlowDisk(rep, /huge\.log$/);
  });
});

describe('diagnose --out FILE: the whole report or nothing', () => {
  it('writes the report and leaves no temp file beside it', () => {
    const log = fresh('etcd.log');
    writeFileSync(log, ETCD_LOG);
    const out = path.join(path.dirname(log), 'out', 'report.json');
    const r = kubesleuth(['diagnose', log, '-o', 'json', '--out', out]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal((JSON.parse(readFileSync(out, 'utf8')) as Report).schemaVersion, 1);
    assert.deepEqual(readdirSync(path.dirname(out)), ['report.json']);
  });

  it('a failing run creates no file and leaves an existing one as it was', () => {
    const out = fresh('report.json');
    const dir = path.dirname(out);
    assertOneLineFailure(kubesleuth(['diagnose', path.join(dir, 'missing'), '-o', 'json', '--out', out]), /no such file or folder/);
    assert.deepEqual(readdirSync(dir), []);
    writeFileSync(out, 'previous report\n');
    assertOneLineFailure(kubesleuth(['diagnose', path.join(dir, 'missing'), '-o', 'json', '--out', out]), /no such file or folder/);
    assert.equal(readFileSync(out, 'utf8'), 'previous report\n');
    assert.deepEqual(readdirSync(dir), ['report.json']);
  });

  it('an --out that cannot be written (a folder) fails in one line without leaving a temp file', () => {
    const log = fresh('etcd.log');
    const dir = path.dirname(log);
    writeFileSync(log, ETCD_LOG);
    const out = path.join(dir, 'taken');
    mkdirSync(path.join(out, 'inside'), { recursive: true });
    assertOneLineFailure(kubesleuth(['diagnose', log, '-o', 'json', '--out', out]), /cannot write .*taken/);
    assert.deepEqual(readdirSync(dir).sort(), ['etcd.log', 'taken']);
    assert.deepEqual(readdirSync(out), ['inside']);
  });
});
