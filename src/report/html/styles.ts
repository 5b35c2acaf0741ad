// The page's stylesheet, inlined into the report. System fonts only: the page loads nothing.

export const CSS = String.raw`
:root {
  --bg: #f5f6f8; --fg: #1b2129; --muted: #5a6472; --card: #ffffff; --border: #d8dde4; --soft: #eef1f5;
  --accent: #1f57c3; --accent-soft: #e7eefc;
  --crit: #b42318; --crit-soft: #fdecea; --warn: #a04f08; --warn-soft: #fff3e0; --info: #175cd3; --info-soft: #e8f0fe;
  --ok: #1a7f37;
  --sym-fill: #fff4e5; --sym-stroke: #c4620a; --link-fill: #eef2fb; --link-stroke: #56679e;
  --root-fill: #fdecea; --root-stroke: #b42318; --elim-fill: #f3f4f6; --elim-stroke: #9aa3ad;
  --edge: #8a94a3; --edge-primary: #b42318;
  --mono: ui-monospace, "SFMono-Regular", "Cascadia Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #12161c; --fg: #e4e8ee; --muted: #9aa5b4; --card: #1a2029; --border: #313a47; --soft: #222a35;
    --accent: #7aa7ff; --accent-soft: #1e2a44;
    --crit: #ff8a80; --crit-soft: #3a1d1d; --warn: #ffb870; --warn-soft: #3a2a17; --info: #8ab4ff; --info-soft: #1b2a45;
    --ok: #6fd08c;
    --sym-fill: #3a2a17; --sym-stroke: #e08a3c; --link-fill: #1f2940; --link-stroke: #8597d6;
    --root-fill: #3a1d1d; --root-stroke: #ff8a80; --elim-fill: #232a33; --elim-stroke: #6b7685;
    --edge: #7d8796; --edge-primary: #ff8a80;
  }
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0; background: var(--bg); color: var(--fg); font-family: var(--sans); line-height: 1.5; }
a { color: var(--accent); }
code, pre, kbd { font-family: var(--mono); font-size: 0.88em; }
.sr-only { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip-link { position: absolute; left: 8px; top: -48px; background: var(--accent); color: #fff; padding: 8px 12px; border-radius: 6px; z-index: 10; }
.skip-link:focus { top: 8px; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.muted, .hint { color: var(--muted); }
.hint { font-weight: normal; font-size: 0.85em; }

.page-header { background: var(--card); border-bottom: 1px solid var(--border); }
.page-header .inner, main, .toc .inner, footer { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
.page-header .inner { padding-top: 18px; padding-bottom: 18px; }
.brand { font-size: 0.8rem; letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted); margin: 0; }
h1 { font-size: 1.55rem; line-height: 1.25; margin: 4px 0 6px; }
.trigger { margin: 0 0 10px; color: var(--muted); max-width: 95ch; }
.verdict { display: flex; gap: 14px; align-items: flex-start; border-left: 4px solid var(--root-stroke); background: var(--root-fill); padding: 10px 14px; border-radius: 6px; margin: 10px 0; }
.verdict.clear { border-left-color: var(--ok); background: var(--soft); }
.verdict .label { font-weight: 700; white-space: nowrap; }
.verdict p { margin: 2px 0 0; }
.stats { display: flex; flex-wrap: wrap; gap: 8px 18px; margin: 10px 0 0; padding: 0; list-style: none; color: var(--muted); font-size: 0.92rem; }
.stats strong { color: var(--fg); }

.toc { background: var(--card); border-bottom: 1px solid var(--border); position: sticky; top: 0; z-index: 5; }
.toc ul { display: flex; flex-wrap: wrap; gap: 2px 4px; list-style: none; margin: 0; padding: 6px 0; }
.toc a { display: inline-block; padding: 3px 9px; border-radius: 5px; text-decoration: none; color: var(--fg); font-size: 0.92rem; }
.toc a:hover { background: var(--soft); }

main { padding-top: 8px; padding-bottom: 40px; }
section.report-section { margin: 22px 0 30px; scroll-margin-top: 48px; }
section.report-section > h2 { font-size: 1.22rem; margin: 0 0 4px; padding-bottom: 4px; border-bottom: 2px solid var(--border); }
.section-intro { color: var(--muted); margin: 4px 0 12px; max-width: 110ch; }
.empty { color: var(--muted); font-style: italic; }
.label { font-size: 0.78rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); margin-right: 6px; }
.fm { font-family: var(--mono); font-size: 0.92em; font-weight: 600; }
.on-word { color: var(--muted); font-weight: normal; }
.subject .kind { color: var(--muted); font-size: 0.86em; }

.card { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 12px 16px; margin: 0 0 12px; }
.cards { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 12px; }
.cards .card { margin: 0; }
.card h3 { font-size: 1.02rem; margin: 0 0 6px; line-height: 1.35; }
.card p { margin: 6px 0; }

.root-cause { border-left: 5px solid var(--root-stroke); }
.root-cause.primary { box-shadow: 0 1px 0 var(--border), 0 2px 10px rgba(180, 35, 24, 0.08); }
.root-cause header { display: flex; justify-content: space-between; gap: 16px; flex-wrap: wrap; align-items: baseline; }
.root-cause .rank { color: var(--root-stroke); }
.root-cause h4 { font-size: 0.86rem; margin: 10px 0 4px; color: var(--muted); }
.confidence { display: flex; align-items: center; gap: 8px; }
.confidence meter { width: 120px; height: 12px; }
.confidence .value { font-weight: 700; font-variant-numeric: tabular-nums; }
.chain { list-style: none; margin: 4px 0 6px; padding: 0; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 0; }
.chain-link { position: relative; display: inline-flex; align-items: baseline; gap: 6px; padding: 3px 9px; border: 1px solid var(--link-stroke); background: var(--link-fill); border-radius: 14px; font-size: 0.88rem; }
.chain-link.symptom { border-color: var(--sym-stroke); background: var(--sym-fill); }
.chain-link.last { border-color: var(--root-stroke); background: var(--root-fill); }
.chain-link .on { color: var(--muted); font-size: 0.92em; }
.chain-link:not(.last) { margin-right: 22px; }
.chain-link:not(.last)::after { content: "→"; position: absolute; right: -18px; color: var(--muted); font-weight: 700; }
.chip { display: inline-block; padding: 1px 8px; border-radius: 12px; background: var(--soft); border: 1px solid var(--border); font-family: var(--mono); font-size: 0.82rem; margin: 2px 2px; }
.chip .on { font-family: var(--sans); color: var(--muted); }
.explains, .fixes { font-size: 0.93rem; }

details > summary { cursor: pointer; }
details.more-chains > summary { color: var(--accent); font-size: 0.9rem; margin: 2px 0 4px; }
details.evidence-details > summary { color: var(--accent); font-size: 0.92rem; margin-top: 6px; }
ol.evidence { list-style: none; margin: 6px 0 0; padding: 0; }
.evidence-item { border-left: 3px solid var(--border); padding: 4px 0 4px 10px; margin: 6px 0; }
.ev-meta { font-size: 0.84rem; color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px 12px; }
.ev-src { color: var(--fg); background: var(--soft); padding: 0 5px; border-radius: 4px; word-break: break-all; }
pre.ev-excerpt { margin: 4px 0 0; padding: 6px 9px; background: var(--soft); border-radius: 5px; white-space: pre-wrap; word-break: break-word; font-size: 0.8rem; max-height: 16em; overflow: auto; }

.figure-wrap { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 10px; overflow-x: auto; }
svg.causal-graph { display: block; width: 100%; height: auto; margin: 0 auto; font-family: var(--sans); }
.causal-graph .g-box { stroke-width: 1.5; }
.causal-graph .role-symptom .g-box { fill: var(--sym-fill); stroke: var(--sym-stroke); }
.causal-graph .role-link .g-box { fill: var(--link-fill); stroke: var(--link-stroke); }
.causal-graph .role-root .g-box { fill: var(--root-fill); stroke: var(--root-stroke); stroke-width: 2; }
.causal-graph .role-root.primary .g-box { stroke-width: 3; }
.causal-graph .role-eliminated .g-box { fill: var(--elim-fill); stroke: var(--elim-stroke); stroke-dasharray: 5 4; }
.causal-graph .role-eliminated text { fill: var(--muted); }
.causal-graph .g-title { font-size: 13px; font-weight: 700; fill: var(--fg); font-family: var(--mono); }
.causal-graph .g-subject { font-size: 12px; fill: var(--muted); }
.causal-graph .g-badge { font-size: 10px; font-weight: 700; letter-spacing: 0.06em; fill: var(--muted); }
.causal-graph .role-root .g-badge { fill: var(--root-stroke); }
.causal-graph .role-symptom .g-badge { fill: var(--sym-stroke); }
.causal-graph .g-colhead { font-size: 11px; font-weight: 700; letter-spacing: 0.08em; text-transform: uppercase; fill: var(--muted); }
.causal-graph .g-divider { stroke: var(--border); stroke-width: 1; stroke-dasharray: 2 4; }
.causal-graph .edge { fill: none; stroke: var(--edge); stroke-width: 1.6; }
.causal-graph .edge.primary { stroke: var(--edge-primary); stroke-width: 2.4; }
.causal-graph .g-arrowhead { fill: var(--edge); }
.causal-graph .g-arrowhead.primary { fill: var(--edge-primary); }
.causal-graph a.node, .causal-graph g.node { cursor: pointer; outline: none; }
.causal-graph .node:focus-visible .g-box, .causal-graph .node:hover .g-box { stroke: var(--accent); stroke-width: 3; }
.causal-graph.highlighting .node:not(.hl) { opacity: 0.35; }
.causal-graph.highlighting .edge:not(.hl) { opacity: 0.2; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 8px 2px 0; padding: 0; list-style: none; font-size: 0.86rem; color: var(--muted); align-items: center; }
.legend .key { display: inline-block; width: 16px; height: 12px; border-radius: 3px; vertical-align: -1px; margin-right: 5px; border: 1.5px solid; }
.key.symptom { background: var(--sym-fill); border-color: var(--sym-stroke); }
.key.link { background: var(--link-fill); border-color: var(--link-stroke); }
.key.root { background: var(--root-fill); border-color: var(--root-stroke); }
.key.elim { background: var(--elim-fill); border-color: var(--elim-stroke); border-style: dashed; }

.timeline-legend { display: flex; flex-wrap: wrap; gap: 6px; list-style: none; margin: 0 0 10px; padding: 0; }
.timeline-legend button { display: inline-flex; align-items: center; gap: 6px; font: inherit; font-size: 0.86rem; padding: 3px 10px; border: 1px solid var(--border); background: var(--card); color: var(--fg); border-radius: 14px; cursor: pointer; }
.timeline-legend button[aria-pressed="false"] { opacity: 0.45; text-decoration: line-through; }
.timeline-legend .n { color: var(--muted); font-variant-numeric: tabular-nums; }
figure.lane { margin: 0 0 14px; background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 8px 12px 6px; }
figure.lane figcaption { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
figure.lane h3 { margin: 0; font-size: 1rem; }
figure.lane .lane-meta { color: var(--muted); font-size: 0.86rem; }
svg.lane-chart { display: block; width: 100%; height: auto; font-family: var(--sans); }
.lane-chart .tl-plot { fill: var(--soft); opacity: 0.55; }
.lane-chart .tl-grid line { stroke: var(--border); stroke-width: 1; }
.lane-chart .tl-hgrid { stroke: var(--border); stroke-dasharray: 3 3; }
.lane-chart .tl-row { fill: var(--soft); opacity: 0.35; }
.lane-chart .tl-row.odd { opacity: 0.7; }
.lane-chart text { font-size: 11px; fill: var(--muted); }
.lane-chart .tl-ylabel, .lane-chart .tl-rowlabel { text-anchor: end; }
.lane-chart .tl-utc { font-weight: 700; }
.lane-chart .tl-rowlabel { fill: var(--fg); }
.lane-chart .tl-xlabel, .lane-chart .tl-xday { text-anchor: middle; }
.lane-chart .tl-xday { font-weight: 700; }
.lane-chart .tl-axisname { font-weight: 700; }
.lane-chart .tl-axisname.sub { font-weight: normal; font-size: 10px; }
.lane-chart .tl-xaxis line { stroke: var(--muted); }
.lane-chart .tl-defrag line { stroke: var(--ok); stroke-width: 1.5; stroke-dasharray: 4 3; }
.lane-chart .tl-break rect { fill: var(--card); }
.lane-chart .tl-break path { fill: none; stroke: var(--muted); stroke-width: 1; }
.lane-chart .tl-break text { text-anchor: middle; font-size: 10px; font-style: italic; }
.lane-chart .tl-point { stroke: var(--card); stroke-width: 0.8; fill-opacity: 0.85; }
.lane-chart .tl-point.event { stroke: none; fill-opacity: 0.8; }
.lane-chart .tl-point.hidden { display: none; }
.lane details > summary { font-size: 0.86rem; color: var(--accent); }
.lane table.data { font-size: 0.82rem; }

.toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 0 0 10px; }
.toolbar button { font: inherit; font-size: 0.88rem; padding: 4px 12px; border-radius: 6px; border: 1px solid var(--border); background: var(--card); color: var(--fg); cursor: pointer; }
.toolbar button:hover { background: var(--soft); }
.toolbar .counts { margin-left: auto; display: flex; gap: 6px; }
ul.findings { list-style: none; margin: 0; padding: 0; }
ul.findings > li { margin: 0 0 6px; }
details.finding { background: var(--card); border: 1px solid var(--border); border-left-width: 4px; border-radius: 6px; }
details.finding.sev-critical { border-left-color: var(--crit); }
details.finding.sev-warning { border-left-color: var(--warn); }
details.finding.sev-info { border-left-color: var(--info); }
details.finding > summary { display: flex; gap: 10px; align-items: flex-start; padding: 8px 12px; list-style: none; }
details.finding > summary::-webkit-details-marker { display: none; }
details.finding > summary::before { content: "▸"; color: var(--muted); width: 1em; flex: none; }
details.finding[open] > summary::before { content: "▾"; }
.f-main { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.f-msg { font-weight: 600; }
.f-meta { color: var(--muted); font-size: 0.84rem; }
.finding-body { padding: 0 14px 10px 40px; }
.sev { display: inline-block; flex: none; min-width: 5.6em; text-align: center; font-size: 0.72rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; padding: 1px 7px; border-radius: 10px; margin-top: 2px; }
.sev-critical.sev, span.sev.sev-critical { color: var(--crit); background: var(--crit-soft); }
span.sev.sev-warning { color: var(--warn); background: var(--warn-soft); }
span.sev.sev-info { color: var(--info); background: var(--info-soft); }
dl.figures { display: flex; flex-wrap: wrap; gap: 4px 20px; margin: 4px 0 8px; font-size: 0.88rem; }
dl.figures div { display: flex; gap: 6px; }
dl.figures dt { color: var(--muted); }
dl.figures dd { margin: 0; font-weight: 600; }

.table-wrap { overflow-x: auto; }
table.data { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--border); border-radius: 8px; font-size: 0.92rem; }
table.data th, table.data td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--border); vertical-align: top; }
table.data thead th { background: var(--soft); font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data tr.fragmented td.ratio { color: var(--crit); font-weight: 700; }
.ratio-bar { display: inline-block; width: 60px; height: 8px; background: var(--soft); border: 1px solid var(--border); border-radius: 4px; margin-right: 8px; vertical-align: 0; overflow: hidden; }
.ratio-bar span { display: block; height: 100%; background: var(--ok); }
tr.fragmented .ratio-bar span { background: var(--crit); }
.badge { display: inline-block; font-size: 0.72rem; font-weight: 700; padding: 0 6px; border-radius: 8px; text-transform: uppercase; letter-spacing: 0.04em; vertical-align: 1px; }
.badge.leader { background: var(--accent-soft); color: var(--accent); }
.badge.warn { background: var(--crit-soft); color: var(--crit); }
.bad { color: var(--crit); font-weight: 700; }
.note { color: var(--muted); font-size: 0.86rem; }
ul.warnings { margin: 0; padding-left: 18px; }

.remedy h3 .rid { font-weight: normal; color: var(--muted); font-size: 0.8em; margin-left: 6px; }
.remedy .steps { margin: 6px 0; padding-left: 22px; }
.remedy .steps li { margin: 3px 0; }
.remedy .steps.plain { list-style: none; padding-left: 4px; }
table.data .subject { white-space: nowrap; }
p code, li code:not(.ev-src), .summary code { background: var(--soft); border: 1px solid var(--border); border-radius: 4px; padding: 0 4px; }
.command pre { margin: 4px 0 0; padding: 8px 12px; background: #1b2129; color: #e8edf3; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
.command pre code { font-size: 0.86rem; }
footer { color: var(--muted); font-size: 0.84rem; padding-bottom: 30px; }

@media (max-width: 700px) {
  .page-header .inner, main, .toc .inner, footer { padding: 0 12px; }
  .cards { grid-template-columns: 1fr; }
  .finding-body { padding-left: 14px; }
}

@media print {
  @page { margin: 14mm 12mm; }
  html { font-size: 11pt; }
  body { background: #fff; color: #000; }
  :root { --bg: #fff; --card: #fff; --fg: #000; --muted: #444; --border: #bbb; --soft: #f1f1f1; }
  .toc, .skip-link, .toolbar button, .timeline-legend button[aria-pressed="false"] { display: none !important; }
  .toc { position: static; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  figure.lane, .evidence-item, tr, .chain, .command, .figure-wrap, ul.findings > li > details > summary { break-inside: avoid; }
  .card h3, .card header { break-after: avoid; }
  details.lane-data { display: none; }
  section.report-section > h2 { break-after: avoid; }
  .figure-wrap { overflow: visible; border: none; padding: 0; }
  svg.causal-graph, svg.lane-chart { max-width: 100% !important; }
  pre.ev-excerpt { max-height: none; overflow: visible; }
  .command pre { background: #f1f1f1; color: #000; border: 1px solid #bbb; }
  a { color: inherit; text-decoration: none; }
  details.finding > summary::before { content: ""; width: 0; }
}
`;
