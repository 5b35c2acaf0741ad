import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { UserError } from '../../src/intake/errors.js';
import { isZip, listInput, safeEntryName, type InputFiles } from '../../src/intake/files.js';
import { buildZip, centralDirectoryOffset } from '../helpers/zip-writer.js';
import { tempDir, writeTree } from './tree.js';

async function readAll(input: InputFiles, rel: string): Promise<string> {
  const f = input.files.find((x) => x.rel === rel);
  assert.ok(f, `${rel} listed`);
  const chunks: Buffer[] = [];
  for await (const c of (await f.open()) as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

describe('listInput', () => {
  const tmp = tempDir();
  before(() => {
    writeTree(path.join(tmp.dir, 'folder'), {
      'b/etcd.log': 'B',
      'a.txt': 'A',
      '.hidden/x.log': 'H',
      'README.md': '# notes',
      'node_modules/y.log': 'N',
    });
    symlinkSync('/etc/passwd', path.join(tmp.dir, 'folder', 'link.log'));
  });
  after(() => tmp.cleanup());

  it('walks a folder in sorted order, skipping hidden files, READMEs and node_modules, not following links', async () => {
    const input = await listInput(path.join(tmp.dir, 'folder'));
    assert.equal(input.kind, 'folder');
    assert.deepEqual(input.files.map((f) => f.rel), ['a.txt', 'b/etcd.log']);
    assert.deepEqual(input.files.map((f) => f.display), [path.join(tmp.dir, 'folder', 'a.txt'), path.join(tmp.dir, 'folder', 'b/etcd.log')]);
    assert.equal(await readAll(input, 'b/etcd.log'), 'B');
    assert.equal(input.warnings.length, 1);
    assert.match(input.warnings[0], /link\.log: symbolic link not followed/);
  });

  it('lists a single file as itself', async () => {
    const file = path.join(tmp.dir, 'folder', 'a.txt');
    const input = await listInput(file);
    assert.equal(input.kind, 'file');
    assert.deepEqual(input.files.map((f) => [f.rel, f.display, f.size]), [['a.txt', file, 1]]);
  });

  it('lists a zip\'s entries sorted, without directory entries, and reads them', async () => {
    const zip = path.join(tmp.dir, 'bundle.zip');
    writeFileSync(zip, buildZip([{ name: 'talos02/' }, { name: 'talos02/service-logs/etcd.log', data: 'etcd line\n' }, { name: 'kubernetesResources/nodes.yaml', data: 'items: []\n', method: 'store' }]));
    assert.equal(await isZip(zip), true);
    const input = await listInput(zip);
    try {
      assert.equal(input.kind, 'zip');
      assert.deepEqual(input.files.map((f) => [f.rel, f.display, f.size]), [
        ['kubernetesResources/nodes.yaml', `${zip}:kubernetesResources/nodes.yaml`, 10],
        ['talos02/service-logs/etcd.log', `${zip}:talos02/service-logs/etcd.log`, 10],
      ]);
      assert.equal(await readAll(input, 'talos02/service-logs/etcd.log'), 'etcd line\n');
      assert.deepEqual(input.warnings, []);
    } finally {
      input.close();
    }
  });

  it('skips zip entries that would escape the folder, with a warning each', async () => {
    const zip = path.join(tmp.dir, 'evil.zip');
    writeFileSync(zip, buildZip([{ name: '../../evil.txt', data: 'x' }, { name: '/etc/cron.d/evil', data: 'x' }, { name: 'C:\\evil.txt', data: 'x' }, { name: 'ok/../../evil.txt', data: 'x' }, { name: 'good.log', data: 'fine' }]));
    const input = await listInput(zip);
    try {
      assert.deepEqual(input.files.map((f) => f.rel), ['good.log']);
      assert.equal(input.warnings.length, 4);
      assert.match(input.warnings[0], /entry "\.\.\/\.\.\/evil\.txt" would escape the folder; skipped/);
    } finally {
      input.close();
    }
  });

  it('throws a one-line UserError for a missing path, a truncated zip and a corrupt central directory', async () => {
    await assert.rejects(listInput(path.join(tmp.dir, 'nope')), (e: unknown) => e instanceof UserError && /no such file or folder/.test(e.message));
    const good = buildZip([{ name: 'a.log', data: 'hello\n'.repeat(100) }, { name: 'b.log', data: 'world\n' }]);
    const truncated = path.join(tmp.dir, 'truncated.zip');
    writeFileSync(truncated, good.subarray(0, Math.floor(good.length / 2)));
    await assert.rejects(listInput(truncated), (e: unknown) => e instanceof UserError && !e.message.includes('\n') && e.message.startsWith(truncated));
    const corrupt = Buffer.from(good);
    corrupt.fill(0x41, centralDirectoryOffset(good), centralDirectoryOffset(good) + 20);
    const corruptFile = path.join(tmp.dir, 'corrupt-cd.zip');
    writeFileSync(corruptFile, corrupt);
    await assert.rejects(listInput(corruptFile), (e: unknown) => e instanceof UserError && !e.message.includes('\n'));
  });
});

describe('safeEntryName', () => {
  it('normalises harmless names and refuses escaping ones', () => {
    assert.equal(safeEntryName('talos02/./service-logs//etcd.log'), 'talos02/service-logs/etcd.log');
    assert.equal(safeEntryName('talos02\\processes'), 'talos02/processes');
    for (const bad of ['../x', 'a/../../x', '/abs', '\\\\server\\share', 'C:/x', 'c:x', 'a\0b']) assert.equal(safeEntryName(bad), undefined, bad);
  });
});
