import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, jsonForScript, renderHtml } from '../../../src/report/html/index.js';
import { emptyReport, node } from './helpers.js';

test('escapeHtml escapes the five HTML specials and drops control characters', () => {
  assert.equal(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  assert.equal(escapeHtml('a\u0000b\u001bc\td\ne'), 'abc\td\ne');
  assert.equal(escapeHtml(undefined), '');
  assert.equal(escapeHtml(42), '42');
});

test('jsonForScript cannot close the script element and parses back to the same value', () => {
  const value = { a: '</script><script>alert(1)</script>', b: '<!-- x -->', c: 'x & y > z', d: 'line\u2028sep\u2029' };
  const text = jsonForScript(value);
  assert.ok(!text.includes('</'), text);
  assert.ok(!text.includes('<!--'));
  assert.ok(!/[<>&\u2028\u2029]/.test(text));
  assert.deepEqual(JSON.parse(text), value);
});

function hostileReport() {
  const r = emptyReport();
  const evil = `</script><script>alert("x")</script> & <img src=x onerror=alert(1)> 'q'`;
  r.trigger = evil;
  r.symptoms.push({ failureMode: 'pod-stuck-containercreating', subject: node('n<1>'), summary: evil, evidence: [] });
  r.findings.push({
    rule: 'r/<x>',
    failureMode: 'etcd-slow-disk',
    subject: { kind: 'Pod', namespace: 'ns"', name: `p'&` },
    severity: 'warning',
    message: evil,
    evidence: [{ source: 'a/"b".log', line: 7, excerpt: `{"msg":"apply request took too long","request":"key:\\"/registry/<x>\\" & more"}` }],
  });
  r.eliminated.push({ failureMode: 'cni-failure', subject: node('n<1>'), reason: evil, evidence: [{ source: 's', excerpt: evil }] });
  r.remediation.push({ id: 'x"y', title: evil, risk: evil, steps: [evil], command: `kubectl patch -p '{"a":"</b>"}'` });
  r.timeline.push({ signal: 'sig"<', node: 'n<1>', component: 'etcd', time: '2026-02-22T10:00:00Z', durationMs: 120, ref: { source: 's', excerpt: evil } });
  r.etcdMembers.push({ name: 'm<1>', reachable: true, endpoint: 'https://a&b' });
  r.sources.push({ kind: 'file', location: '/tmp/<x>', nodes: ['n<1>'], warnings: [evil] });
  return r;
}

test('renderHtml escapes every piece of report text', () => {
  const html = renderHtml(hostileReport());
  // Only our own two script elements exist.
  assert.equal(html.match(/<script/g)?.length, 2);
  assert.ok(!html.includes('<img'));
  assert.ok(!html.includes('alert("x")</script>'));
  assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(html.includes('key:\\&quot;/registry/&lt;x&gt;\\&quot; &amp; more'));
  // Attribute values stay inside their quotes.
  assert.ok(html.includes('data-subject="Pod/ns&quot;/p&#39;&amp;"'));
});

test('the embedded report JSON parses back to the report', () => {
  const report = hostileReport();
  const html = renderHtml(report);
  const m = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/);
  assert.ok(m);
  assert.deepEqual(JSON.parse(m[1]), report);
});
