// Secrets in quoted log lines never reach a report, whatever the format.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose.js';
import { renderJson } from '../../src/report/json.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';

const PASSWORD = 'canary-pw-7f3a9c';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjYW5hcnkifQ.c2lnbmF0dXJlLWNhbmFyeQ';

describe('report redaction', () => {
  it('keeps the signal but drops credentials from every excerpt', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ks-redact-'));
    try {
      writeFileSync(
        path.join(dir, 'etcd.log'),
        `{"level":"warn","ts":"2026-02-22T10:01:05.871Z","caller":"wal/wal.go:805","msg":"slow fdatasync","took":"1.5s","expected-duration":"1s","password":"${PASSWORD}","authorization":"Bearer ${JWT}"}\n`,
      );
      const report = await diagnose({ paths: [dir] });
      assert.ok(report.findings.some((f) => f.failureMode === 'etcd-slow-disk'), 'the signal is still found');
      for (const out of [renderJson(report), renderText(report), renderMarkdown(report)]) {
        assert.ok(!out.includes(PASSWORD), 'no password');
        assert.ok(!out.includes(JWT) && !out.includes('eyJzdWIiOiJjYW5hcnkifQ'), 'no token');
      }
      assert.match(renderJson(report), /\[REDACTED\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
