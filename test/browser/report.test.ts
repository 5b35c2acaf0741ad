// The HTML report in a real browser: Debian's chromium, headless, driven by playwright-core.
// Opens the report from file://, and checks that it loads nothing, logs no error, draws what the embedded JSON
// says (graph nodes and edges, timeline points), is keyboard navigable, and prints. Saves screenshots to
// test-artifacts/. Runs on the hand-built reference report and, when the pipeline and the example exist, on the
// example's real report.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { renderHtml } from '../../src/report/html/index.js';
import type { Report, Subject } from '../../src/types.js';

const CHROMIUM = process.env.KUBESLEUTH_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const ARTIFACTS = resolve('test-artifacts');
const EXAMPLE = 'examples/talos02-containercreating';

// In CI the browser must be there (.ci/run installs it); on a developer machine without it, skip.
const noBrowser = !existsSync(CHROMIUM) && !process.env.CI ? `no chromium at ${CHROMIUM}` : false;

const subjectKey = (s: Subject) => (s.namespace ? `${s.kind}/${s.namespace}/${s.name}` : `${s.kind}/${s.name}`);
const key = (l: { failureMode: string; subject: Subject }) => `${l.failureMode}@${subjectKey(l.subject)}`;

/** What the graph must show, derived from the report JSON independently of the renderer. */
function expectedGraph(report: Report) {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const s of report.symptoms) nodes.add(key(s));
  for (const rc of report.rootCauses) {
    nodes.add(key(rc));
    const chains = rc.chains?.length ? rc.chains : [rc.chain];
    for (const chain of chains) {
      chain.forEach((l, i) => {
        nodes.add(key(l));
        if (i > 0 && key(chain[i - 1]) !== key(l)) edges.add(`${key(chain[i - 1])} -> ${key(l)}`);
      });
    }
  }
  return { nodes, edges, eliminated: report.eliminated.map((e) => `${e.failureMode}@${subjectKey(e.subject)}`) };
}

const pointKey = (p: { node?: string; signal: string; time: string; durationMs?: number }) =>
  `${p.node ?? 'cluster'}|${p.signal}|${p.time}|${p.durationMs ?? ''}`;

interface Drawn {
  json: unknown;
  nodes: Array<{ id: string; failureMode: string; subject: string; role: string; box: DOMRectLike; textOverflow: string[] }>;
  eliminated: Array<{ failureMode: string; subject: string; box: DOMRectLike }>;
  edges: Array<{ from: string; to: string; start: { x: number; y: number }; end: { x: number; y: number } }>;
  points: Array<{ signal: string; time: string; node: string; durationMs?: number; visible: boolean; inside: boolean }>;
  findings: number;
  memberRows: string[];
}
interface DOMRectLike {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Read what the page drew, in the page. */
async function readDrawn(pageEval: (fn: () => Drawn) => Promise<Drawn>): Promise<Drawn> {
  return pageEval(() => {
    const svg = document.getElementById('causal-graph-svg') as unknown as SVGSVGElement;
    const box = (el: Element) => {
      const b = (el as SVGGraphicsElement).getBBox();
      return { x: b.x, y: b.y, width: b.width, height: b.height };
    };
    const nodes = Array.from(svg.querySelectorAll('.node[data-node-id]')).map((n) => {
      const rect = n.querySelector('rect.g-box')!;
      const b = box(rect);
      const textOverflow = Array.from(n.querySelectorAll('text'))
        .filter((t) => {
          const x = Number(t.getAttribute('x'));
          return x + (t as SVGTextElement).getComputedTextLength() > b.x + b.width - 2;
        })
        .map((t) => t.textContent ?? '');
      return {
        id: n.getAttribute('data-node-id')!,
        failureMode: n.getAttribute('data-failure-mode')!,
        subject: n.getAttribute('data-subject')!,
        role: n.getAttribute('data-role')!,
        box: b,
        textOverflow,
      };
    });
    const eliminated = Array.from(svg.querySelectorAll('.node[data-role="eliminated"]')).map((n) => ({
      failureMode: n.getAttribute('data-failure-mode')!,
      subject: n.getAttribute('data-subject')!,
      box: box(n.querySelector('rect.g-box')!),
    }));
    const edges = Array.from(svg.querySelectorAll('path.edge')).map((e) => {
      const p = e as SVGPathElement;
      const len = p.getTotalLength();
      const s = p.getPointAtLength(0);
      const t = p.getPointAtLength(len);
      return { from: p.getAttribute('data-from')!, to: p.getAttribute('data-to')!, start: { x: s.x, y: s.y }, end: { x: t.x, y: t.y } };
    });
    const points = Array.from(document.querySelectorAll('svg.lane-chart .tl-point')).map((p) => {
      const r = p.getBoundingClientRect();
      const c = p.closest('svg')!.getBoundingClientRect();
      const d = p.getAttribute('data-duration-ms');
      return {
        signal: p.getAttribute('data-signal')!,
        time: p.getAttribute('data-time')!,
        node: p.getAttribute('data-node')!,
        durationMs: d === null ? undefined : Number(d),
        visible: r.width > 0 && r.height > 0 && getComputedStyle(p).display !== 'none',
        inside: r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1,
      };
    });
    return {
      json: JSON.parse(document.getElementById('report-data')!.textContent ?? 'null'),
      nodes,
      eliminated,
      edges,
      points,
      findings: document.querySelectorAll('details.finding').length,
      memberRows: Array.from(document.querySelectorAll('table.etcd-members tbody tr')).map((r) => r.getAttribute('data-member') ?? ''),
    };
  });
}

const overlap = (a: DOMRectLike, b: DOMRectLike) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Render a report to a file, open it, check everything, save a screenshot. */
async function checkReport(context: BrowserContext, report: Report, name: string, docsShot?: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesleuth-html-'));
  const file = join(dir, `${name}.html`);
  writeFileSync(file, renderHtml(report));
  const url = pathToFileURL(file).href;
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  try {
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(url, { waitUntil: 'load' });

    if (docsShot) {
      // The README's picture: the header and the causal graph, as a person first sees them on a laptop.
      await page.setViewportSize({ width: 1280, height: 900 });
      const bottom = await page.evaluate(() => {
        const g = document.getElementById('graph')!.getBoundingClientRect();
        return Math.ceil(g.bottom + window.scrollY + 16);
      });
      await page.screenshot({ path: docsShot, clip: { x: 0, y: 0, width: 1280, height: bottom }, fullPage: true });
      await page.setViewportSize({ width: 1366, height: 900 });
    }

    const drawn = await readDrawn((fn) => page.evaluate(fn));

    // The embedded JSON is the report.
    assert.deepEqual(drawn.json, JSON.parse(JSON.stringify(report)));

    // Graph: nodes and edges are exactly the ones the report's chains name.
    const want = expectedGraph(report);
    assert.deepEqual(new Set(drawn.nodes.map((n) => n.id)), want.nodes);
    for (const n of drawn.nodes) assert.equal(n.id, `${n.failureMode}@${n.subject}`);
    assert.deepEqual(new Set(drawn.edges.map((e) => `${e.from} -> ${e.to}`)), want.edges);
    assert.equal(drawn.edges.length, want.edges.size);
    assert.deepEqual(drawn.eliminated.map((e) => `${e.failureMode}@${e.subject}`), want.eliminated);
    for (const rc of report.rootCauses) {
      assert.equal(drawn.nodes.find((n) => n.id === key(rc))?.role, 'root', key(rc));
    }

    // Geometry: boxes apart, labels inside their boxes, each edge leaves its effect and arrives at its cause.
    const boxes = [...drawn.nodes.map((n) => n.box), ...drawn.eliminated.map((e) => e.box)];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlap(boxes[i], boxes[j]), `graph boxes ${i} and ${j} overlap`);
    }
    for (const n of drawn.nodes) assert.deepEqual(n.textOverflow, [], `label overflows its box in ${n.id}`);
    const byId = new Map(drawn.nodes.map((n) => [n.id, n.box]));
    for (const e of drawn.edges) {
      const a = byId.get(e.from)!;
      const b = byId.get(e.to)!;
      assert.ok(Math.abs(e.start.x - (a.x + a.width)) < 2 && e.start.y > a.y && e.start.y < a.y + a.height, `edge start ${e.from}`);
      assert.ok(Math.abs(e.end.x - b.x) < 2 && e.end.y > b.y && e.end.y < b.y + b.height, `edge end ${e.to}`);
    }

    // Timeline: one visible point per report point, inside its chart.
    const wantPoints = report.timeline.filter((p) => Number.isFinite(Date.parse(p.time))).map(pointKey).sort();
    assert.deepEqual(drawn.points.map(pointKey).sort(), wantPoints);
    assert.ok(drawn.points.every((p) => p.visible && p.inside), 'a timeline point is hidden or outside its chart');

    assert.equal(drawn.findings, report.findings.length);
    assert.deepEqual(drawn.memberRows, report.etcdMembers.map((m) => m.name));

    // Keyboard: Tab reaches the graph's boxes and then the findings; Enter opens a finding's evidence.
    if (report.findings.length) {
      let reachedGraph = false;
      let reached = false;
      for (let i = 0; i < 400 && !reached; i++) {
        await page.keyboard.press('Tab');
        const where = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el) return '';
          if (el.matches('#causal-graph-svg .node')) return 'graph';
          if (el.matches('details.finding > summary')) return 'finding';
          return '';
        });
        if (where === 'graph') reachedGraph = true;
        if (where === 'finding') reached = true;
      }
      assert.ok(reachedGraph, 'Tab never reached a graph node');
      assert.ok(reached, 'Tab never reached a finding');
      await page.keyboard.press('Enter');
      const opened = await page.evaluate(() => {
        const d = document.activeElement?.parentElement as HTMLDetailsElement | null;
        const ev = d?.querySelector('.evidence-item');
        return { open: !!d?.open, evidenceShown: !!ev && ev.getBoundingClientRect().height > 0 };
      });
      assert.deepEqual(opened, { open: true, evidenceShown: true });
      await page.keyboard.press('Enter');
    }

    // A graph box links to its details, and following the link opens them.
    const firstLink = await page.$('#causal-graph-svg a.node');
    if (firstLink) {
      const href = await firstLink.getAttribute('href');
      await firstLink.click();
      assert.equal(await page.evaluate(() => location.hash), href);
    }

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.evaluate(() => {
      history.replaceState(null, '', location.pathname);
    });
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

    // Print: navigation hidden, all evidence opened for paper.
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const print = await page.evaluate(() => ({
      nav: getComputedStyle(document.querySelector('nav.toc')!).display,
      closed: document.querySelectorAll('details:not([open]):not(.lane-data)').length,
    }));
    assert.deepEqual(print, { nav: 'none', closed: 0 });
    await page.pdf({ path: join(ARTIFACTS, `${name}.pdf`), format: 'A4' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });

    assert.deepEqual(problems, []);
    assert.deepEqual([...new Set(requests)], [url], 'the page made a request other than its own file');
  } finally {
    await page.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('HTML report in chromium', { skip: noBrowser }, () => {
  let context: BrowserContext | undefined;
  let userDataDir = '';

  before(async () => {
    userDataDir = mkdtempSync(join(tmpdir(), 'kubesleuth-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      offline: true,
    });
  });

  after(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  test('the reference report: no errors, no requests, drawn as the JSON says, keyboard and print', async () => {
    const report = JSON.parse(readFileSync('test/fixtures/report/reference-report.json', 'utf8')) as Report;
    await checkReport(context!, report, 'report');
  });

  const pipeline = resolve('dist/src/diagnose.js');
  const havePipeline = existsSync(pipeline) && existsSync(EXAMPLE) && readdirSync(EXAMPLE).length > 0;
  test(
    `the example's report (${EXAMPLE})`,
    { skip: havePipeline ? false : 'the pipeline (src/diagnose.ts) or the example is not there yet' },
    async () => {
      const { diagnose } = (await import(pathToFileURL(pipeline).href)) as {
        diagnose(opts: { paths: string[] }): Promise<Report>;
      };
      const report = await diagnose({ paths: [EXAMPLE] });
      assert.ok(report.rootCauses.length > 0, 'the example has a root cause');
      assert.ok(report.timeline.length > 0, 'the example has timeline points');
      // KUBESLEUTH_DOCS_SCREENSHOT=1 npm test refreshes the README's screenshot from the example.
      const docsShot = process.env.KUBESLEUTH_DOCS_SCREENSHOT ? resolve('docs/report-screenshot.png') : undefined;
      await checkReport(context!, report, 'example-report', docsShot);
    },
  );
});
