import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderHtml } from '../../../src/report/html/index.js';
import { emptyReport, referenceReport } from './helpers.js';

const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;

test('renders the reference report: graph nodes and edges, timeline points, findings, members, remediation', () => {
  const report = referenceReport();
  const html = renderHtml(report);
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.equal(count(html, /class="node role-(symptom|link|root)[^"]*" data-node-id=/g), 8);
  assert.equal(count(html, /class="node role-eliminated"/g), report.eliminated.length);
  assert.equal(count(html, /<path class="edge[^"]*" data-from="[^"]+" data-to="[^"]+"/g), 7);
  assert.equal(count(html, /class="tl-point [^"]*" data-index="\d+" data-signal="[^"]+" data-time="[^"]+"/g), report.timeline.length);
  assert.equal(count(html, /<details class="finding /g), report.findings.length);
  assert.equal(count(html, /<tr data-member=/g), report.etcdMembers.length);
  for (const r of report.remediation) assert.ok(html.includes(`data-remediation="${r.id}"`));
  for (const e of report.eliminated) assert.ok(html.includes(`data-failure-mode="${e.failureMode}"`));
  // Evidence is cited with source and line.
  assert.ok(html.includes('etcd-status.txt:3'));
  assert.ok(html.includes('talos02/processes:12'));
  // The etcd table flags fragmented members.
  assert.equal(count(html, /<tr data-member="[^"]+" class="fragmented"/g), 2);
});

test('self-contained: nothing to load, a CSP that forbids loading, no external URLs in attributes', () => {
  const html = renderHtml(referenceReport());
  assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;`));
  assert.equal(count(html, /\ssrc=/g), 0);
  assert.equal(count(html, /<link\b(?![^>]*rel="icon" href="data:,")/g), 0);
  assert.equal(count(html, /(href|src|xlink:href)="(https?:)?\/\//g), 0);
  assert.equal(count(html, /url\((?!#)/g), 0);
  assert.equal(count(html, /@import/g), 0);
});

test('accessible structure: one h1, labelled sections, skip link, labelled SVGs', () => {
  const html = renderHtml(referenceReport());
  assert.equal(count(html, /<h1[ >]/g), 1);
  assert.ok(html.includes('<html lang="en">'));
  assert.ok(html.includes('class="skip-link" href="#main"'));
  const sections = count(html, /<section class="report-section" id="[^"]+" aria-labelledby="[^"]+">/g);
  assert.equal(sections, count(html, /<section/g));
  assert.ok(html.includes('<svg class="causal-graph" id="causal-graph-svg"'));
  assert.ok(/<svg class="causal-graph"[^>]*aria-labelledby="graph-title"/.test(html));
  assert.equal(count(html, /<svg class="lane-chart"[^>]*role="img" aria-labelledby="lane-\d+-title"/g), 3);
  // Every graph node is a link with a spoken label.
  assert.equal(count(html, /<a class="node [^>]*aria-label="[^"]+"/g), 12);
});

test('deterministic: the same report gives the same bytes', () => {
  const a = renderHtml(referenceReport());
  const b = renderHtml(structuredClone(referenceReport()));
  assert.equal(a, b);
});

test('an empty report renders without throwing and says there is nothing', () => {
  const html = renderHtml(emptyReport());
  assert.ok(html.includes('No root cause was identified'));
  assert.ok(html.includes('No timed signals'));
  assert.ok(html.includes('No etcd member status'));
});

test('identical chains are listed once; self-numbered steps are not numbered twice', () => {
  const report = referenceReport();
  const rc = report.rootCauses[0];
  rc.chains = [rc.chain, structuredClone(rc.chain), structuredClone(rc.chain)];
  report.remediation[0].steps = ['1. first', '2. second'];
  const html = renderHtml(report);
  const card = html.slice(html.indexOf('id="root-cause-1"'), html.indexOf('id="root-cause-2"'));
  assert.equal(count(card, /<ol class="chain"/g), 1);
  assert.ok(html.includes('<ul class="steps plain"><li>1. first</li>'));
});
