// The causal graph: symptoms → intermediate links → root causes, laid out left to right by chain position.
// Model (which nodes and edges exist) and layout (where they go) are separate from drawing, so tests can check them.

import type { ChainLink, Report, Subject } from '../../types.js';
import { escapeHtml } from './escape.js';
import { formatPercent, humanize, linkKey, subjectKey, subjectLabel } from './format.js';
import { wrapText } from './wrap.js';

export type NodeRole = 'symptom' | 'link' | 'root';

export interface GraphNode {
  /** linkKey(failureMode, subject): `failureMode@Kind/ns/name`. */
  id: string;
  failureMode: string;
  subject: Subject;
  role: NodeRole;
  /** Rank of the root cause this node is (0 = primary), for role 'root'. */
  rootRank?: number;
  /** Confidence of that root cause. */
  confidence?: number;
  /** Index into report.symptoms when this node is a listed symptom. */
  symptomIndex?: number;
  /** Column: longest path from a symptom, i.e. the node's position in its longest chain. */
  layer: number;
  /** True when no chain leads here (the start of a chain). */
  start: boolean;
  /** Order within the column after crossing reduction. */
  order: number;
  /** Label lines as drawn. */
  titleLines: string[];
  subjectLines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdge {
  /** Node id of the effect (the chain element nearer the symptom). */
  from: string;
  /** Node id of the cause. */
  to: string;
  /** Ranks of the root causes whose chains use this edge. */
  roots: number[];
  /** Polyline the edge follows, source port first (long edges pass through gaps in the columns between). */
  points: Array<{ x: number; y: number }>;
}

export interface EliminatedNode {
  index: number;
  failureMode: string;
  subject: Subject;
  titleLines: string[];
  subjectLines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  width: number;
  /** Height of the causal part (the eliminated band starts below it). */
  graphHeight: number;
  height: number;
  layers: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  eliminated: EliminatedNode[];
  eliminatedTop: number;
}

export const GRAPH = {
  nodeWidth: 196,
  gapX: 64,
  gapY: 22,
  pad: 16,
  headerHeight: 26,
  titleSize: 13,
  subjectSize: 12,
  lineHeight: 16,
  badgeHeight: 18,
  innerPad: 9,
  dummyHeight: 6,
  elimWidth: 196,
  elimGapX: 16,
  elimGapY: 14,
  elimHeader: 34,
};

/** Every chain of every root cause (chains when given, else the single chain), in rank order. */
export function allChains(report: Report): Array<{ rank: number; chain: ChainLink[] }> {
  const out: Array<{ rank: number; chain: ChainLink[] }> = [];
  report.rootCauses.forEach((rc, rank) => {
    const chains = rc.chains && rc.chains.length ? rc.chains : [rc.chain];
    const seen = new Set<string>();
    for (const chain of chains) {
      if (!chain || chain.length === 0) continue;
      const k = chain.map((l) => linkKey(l.failureMode, l.subject)).join(' > ');
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ rank, chain });
    }
    // A root cause without a chain still appears, as a lone node.
    if (seen.size === 0) out.push({ rank, chain: [{ failureMode: rc.failureMode, subject: rc.subject }] });
  });
  return out;
}

interface Model {
  nodes: Map<string, { failureMode: string; subject: Subject; first: number }>;
  edges: Map<string, { from: string; to: string; roots: Set<number> }>;
}

function buildModel(report: Report): Model {
  const nodes: Model['nodes'] = new Map();
  const edges: Model['edges'] = new Map();
  let seq = 0;
  const addNode = (fm: string, subject: Subject): string => {
    const id = linkKey(fm, subject);
    if (!nodes.has(id)) nodes.set(id, { failureMode: fm, subject, first: seq++ });
    return id;
  };
  // Symptoms first so they keep their listed order in the first column.
  for (const s of report.symptoms) addNode(s.failureMode, s.subject);
  for (const { rank, chain } of allChains(report)) {
    let prev: string | undefined;
    for (const link of chain) {
      const id = addNode(link.failureMode, link.subject);
      if (prev !== undefined && prev !== id) {
        const ek = `${prev} -> ${id}`;
        let e = edges.get(ek);
        if (!e) edges.set(ek, (e = { from: prev, to: id, roots: new Set() }));
        e.roots.add(rank);
      }
      prev = id;
    }
  }
  for (const rc of report.rootCauses) addNode(rc.failureMode, rc.subject);
  return { nodes, edges };
}

/** Longest-path layering; edges that would close a cycle are ignored for layering (found by DFS in first-seen order). */
function assignLayers(ids: string[], edges: Array<{ from: string; to: string }>): Map<string, number> {
  const out = new Map<string, string[]>();
  for (const id of ids) out.set(id, []);
  for (const e of edges) out.get(e.from)?.push(e.to);
  const state = new Map<string, number>(); // 1 = on stack, 2 = done
  const back = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 1);
    for (const to of out.get(id) ?? []) {
      const s = state.get(to);
      if (s === 1) back.add(`${id} -> ${to}`);
      else if (s === undefined) visit(to);
    }
    state.set(id, 2);
  };
  for (const id of ids) if (!state.has(id)) visit(id);
  const forward = edges.filter((e) => !back.has(`${e.from} -> ${e.to}`));
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  // Relax |V| times: enough for a DAG's longest paths.
  for (let i = 0; i < ids.length; i++) {
    let changed = false;
    for (const e of forward) {
      const want = (layer.get(e.from) ?? 0) + 1;
      if ((layer.get(e.to) ?? 0) < want) {
        layer.set(e.to, want);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return layer;
}

interface LNode {
  id: string;
  dummy: boolean;
  layer: number;
  order: number;
  height: number;
  y: number;
  preds: LNode[];
  succs: LNode[];
  seq: number;
}

function mean(xs: number[]): number | undefined {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
}

/** Edge crossings between two adjacent columns, given each node's order. */
function crossingsBetween(left: LNode[]): number {
  const segs: Array<[number, number]> = [];
  for (const u of left) for (const v of u.succs) if (v.layer === u.layer + 1) segs.push([u.order, v.order]);
  let n = 0;
  for (let i = 0; i < segs.length; i++) {
    for (let j = i + 1; j < segs.length; j++) {
      const [a, b] = segs[i];
      const [c, d] = segs[j];
      if ((a - c) * (b - d) < 0) n++;
    }
  }
  return n;
}

function totalCrossings(columns: LNode[][]): number {
  let n = 0;
  for (let i = 0; i < columns.length - 1; i++) n += crossingsBetween(columns[i]);
  return n;
}

/**
 * Reorder each column to reduce edge crossings: barycenter sweeps (mean position of neighbours, ties by first-seen
 * order), each followed by swapping neighbours while that removes crossings. The best ordering seen wins.
 */
function reduceCrossings(columns: LNode[][]): void {
  const renumber = (col: LNode[]) => col.forEach((n, i) => (n.order = i));
  columns.forEach(renumber);
  const local = (li: number) =>
    (li > 0 ? crossingsBetween(columns[li - 1]) : 0) + (li < columns.length - 1 ? crossingsBetween(columns[li]) : 0);
  const transpose = () => {
    for (let pass = 0, improved = true; improved && pass < 10; pass++) {
      improved = false;
      columns.forEach((col, li) => {
        for (let i = 0; i + 1 < col.length; i++) {
          const before = local(li);
          [col[i], col[i + 1]] = [col[i + 1], col[i]];
          renumber(col);
          if (local(li) < before) {
            improved = true;
          } else {
            [col[i], col[i + 1]] = [col[i + 1], col[i]];
            renumber(col);
          }
        }
      });
    }
  };
  let best = columns.map((c) => c.slice());
  let bestCrossings = totalCrossings(columns);
  for (let sweep = 0; sweep < 12 && bestCrossings > 0; sweep++) {
    const down = sweep % 2 === 0;
    const range = down
      ? columns.map((_, i) => i).slice(1)
      : columns.map((_, i) => i).slice(0, -1).reverse();
    for (const li of range) {
      const col = columns[li];
      const key = new Map<LNode, number>();
      for (const n of col) {
        const nb = down ? n.preds : n.succs;
        key.set(n, mean(nb.map((m) => m.order)) ?? n.order);
      }
      col.sort((a, b) => key.get(a)! - key.get(b)! || a.order - b.order || a.seq - b.seq);
      renumber(col);
    }
    transpose();
    const c = totalCrossings(columns);
    if (c < bestCrossings) {
      bestCrossings = c;
      best = columns.map((col) => col.slice());
    }
  }
  best.forEach((col, i) => {
    columns[i] = col;
    renumber(col);
  });
}

/** Place nodes vertically: pull each toward its neighbours' centres, keeping column order and gaps. */
function placeVertically(columns: LNode[][], gap: number): void {
  for (const col of columns) {
    let y = 0;
    for (const n of col) {
      n.y = y;
      y += n.height + gap;
    }
  }
  const centre = (n: LNode) => n.y + n.height / 2;
  const pack = (col: LNode[], desired: number[]) => {
    const fwd = desired.slice();
    for (let i = 1; i < col.length; i++) fwd[i] = Math.max(fwd[i], fwd[i - 1] + col[i - 1].height + gap);
    const bwd = desired.slice();
    for (let i = col.length - 2; i >= 0; i--) bwd[i] = Math.min(bwd[i], bwd[i + 1] - col[i].height - gap);
    col.forEach((n, i) => (n.y = (fwd[i] + bwd[i]) / 2));
  };
  for (let iter = 0; iter < 12; iter++) {
    const down = iter % 2 === 0;
    const order = down ? columns : columns.slice().reverse();
    for (const col of order) {
      const desired = col.map((n) => {
        const nbs = [...n.preds, ...n.succs];
        const c = mean(nbs.map(centre));
        return c === undefined ? n.y : c - n.height / 2;
      });
      pack(col, desired);
    }
  }
  let minY = Infinity;
  for (const col of columns) for (const n of col) minY = Math.min(minY, n.y);
  if (!Number.isFinite(minY)) minY = 0;
  for (const col of columns) for (const n of col) n.y = Math.round(n.y - minY);
}

function nodeLabel(fm: string, subject: Subject, width: number): { titleLines: string[]; subjectLines: string[] } {
  const inner = width - 2 * GRAPH.innerPad;
  return {
    titleLines: wrapText(fm, inner, { size: GRAPH.titleSize, bold: true, mono: true }, 3),
    subjectLines: wrapText(subjectLabel(subject), inner, { size: GRAPH.subjectSize }, 2),
  };
}

function nodeHeight(titleLines: number, subjectLines: number): number {
  return GRAPH.innerPad * 2 + GRAPH.badgeHeight + (titleLines + subjectLines) * GRAPH.lineHeight + 2;
}

/** Lay out the causal graph of a report. Pure and deterministic. */
export function layoutCausalGraph(report: Report): GraphLayout {
  const model = buildModel(report);
  const ids = [...model.nodes.keys()];
  const edgeList = [...model.edges.values()];
  const layerOf = assignLayers(ids, edgeList);

  const rootRank = new Map<string, number>();
  report.rootCauses.forEach((rc, i) => {
    const id = linkKey(rc.failureMode, rc.subject);
    if (!rootRank.has(id)) rootRank.set(id, i);
  });
  const symptomIndex = new Map<string, number>();
  report.symptoms.forEach((s, i) => {
    const id = linkKey(s.failureMode, s.subject);
    if (!symptomIndex.has(id)) symptomIndex.set(id, i);
  });
  const hasPred = new Set(edgeList.map((e) => e.to));

  // Real nodes.
  const lnodes = new Map<string, LNode>();
  const graphNodes = new Map<string, GraphNode>();
  for (const id of ids) {
    const m = model.nodes.get(id)!;
    const rank = rootRank.get(id);
    // Only listed symptoms are called symptoms; a chain may also start at something merely observed.
    const role: NodeRole = rank !== undefined ? 'root' : symptomIndex.has(id) ? 'symptom' : 'link';
    const { titleLines, subjectLines } = nodeLabel(m.failureMode, m.subject, GRAPH.nodeWidth);
    const height = nodeHeight(titleLines.length, subjectLines.length);
    const layer = layerOf.get(id) ?? 0;
    lnodes.set(id, { id, dummy: false, layer, order: 0, height, y: 0, preds: [], succs: [], seq: m.first });
    graphNodes.set(id, {
      id,
      failureMode: m.failureMode,
      subject: m.subject,
      role,
      rootRank: rank,
      confidence: rank !== undefined ? report.rootCauses[rank].confidence : undefined,
      symptomIndex: symptomIndex.get(id),
      layer,
      start: !hasPred.has(id),
      order: 0,
      titleLines,
      subjectLines,
      x: 0,
      y: 0,
      width: GRAPH.nodeWidth,
      height,
    });
  }

  // Edges, with dummy nodes where an edge spans several columns.
  let dummySeq = 0;
  const edgeRoutes: Array<{ edge: (typeof edgeList)[number]; path: LNode[] }> = [];
  for (const e of edgeList) {
    const a = lnodes.get(e.from)!;
    const b = lnodes.get(e.to)!;
    const path: LNode[] = [a];
    if (b.layer > a.layer + 1) {
      let prev = a;
      for (let l = a.layer + 1; l < b.layer; l++) {
        const d: LNode = {
          id: `~dummy${dummySeq++}`,
          dummy: true,
          layer: l,
          order: 0,
          height: GRAPH.dummyHeight,
          y: 0,
          preds: [prev],
          succs: [],
          seq: a.seq + 0.5,
        };
        prev.succs.push(d);
        lnodes.set(d.id, d);
        path.push(d);
        prev = d;
      }
      prev.succs.push(b);
      b.preds.push(prev);
    } else if (b.layer !== a.layer) {
      a.succs.push(b);
      b.preds.push(a);
    }
    path.push(b);
    edgeRoutes.push({ edge: e, path });
  }

  const layerCount = Math.max(0, ...[...lnodes.values()].map((n) => n.layer)) + 1;
  const columns: LNode[][] = Array.from({ length: layerCount }, () => []);
  for (const n of [...lnodes.values()].sort((p, q) => p.seq - q.seq)) columns[n.layer].push(n);
  reduceCrossings(columns);
  placeVertically(columns, GRAPH.gapY);

  const top = GRAPH.pad + GRAPH.headerHeight;
  const colX = (l: number) => GRAPH.pad + l * (GRAPH.nodeWidth + GRAPH.gapX);
  let bottom = top;
  for (const col of columns) {
    for (const n of col) {
      bottom = Math.max(bottom, top + n.y + n.height);
      const g = graphNodes.get(n.id);
      if (g) {
        g.order = n.order;
        g.x = colX(n.layer);
        g.y = top + n.y;
      }
    }
  }
  const width = Math.max(GRAPH.pad * 2 + layerCount * GRAPH.nodeWidth + (layerCount - 1) * GRAPH.gapX, 640);

  const edges: GraphEdge[] = edgeRoutes.map(({ edge, path }) => {
    const pts: Array<{ x: number; y: number }> = [];
    path.forEach((n, i) => {
      const cy = top + n.y + n.height / 2;
      const x0 = colX(n.layer);
      if (i === 0) pts.push({ x: x0 + GRAPH.nodeWidth, y: cy });
      else if (i === path.length - 1) pts.push({ x: x0, y: cy });
      else pts.push({ x: x0, y: cy }, { x: x0 + GRAPH.nodeWidth, y: cy });
    });
    return { from: edge.from, to: edge.to, roots: [...edge.roots].sort((a, b) => a - b), points: pts };
  });

  // Eliminated hypotheses: a separate band below, in rows.
  const graphHeight = bottom + GRAPH.pad;
  const eliminatedTop = graphHeight + GRAPH.elimHeader;
  const perRow = Math.max(1, Math.floor((width - 2 * GRAPH.pad + GRAPH.elimGapX) / (GRAPH.elimWidth + GRAPH.elimGapX)));
  const eliminated: EliminatedNode[] = [];
  let rowTop = eliminatedTop;
  for (let i = 0; i < report.eliminated.length; i += perRow) {
    const row = report.eliminated.slice(i, i + perRow).map((el, j) => {
      const { titleLines, subjectLines } = nodeLabel(el.failureMode, el.subject, GRAPH.elimWidth);
      return {
        index: i + j,
        failureMode: el.failureMode,
        subject: el.subject,
        titleLines,
        subjectLines,
        x: GRAPH.pad + j * (GRAPH.elimWidth + GRAPH.elimGapX),
        y: rowTop,
        width: GRAPH.elimWidth,
        height: nodeHeight(titleLines.length, subjectLines.length),
      };
    });
    const rowHeight = Math.max(...row.map((n) => n.height));
    for (const n of row) n.height = rowHeight;
    eliminated.push(...row);
    rowTop += rowHeight + GRAPH.elimGapY;
  }
  const height = eliminated.length ? rowTop - GRAPH.elimGapY + GRAPH.pad : graphHeight;

  const nodes = [...graphNodes.values()].sort((a, b) => a.layer - b.layer || a.order - b.order);
  return { width, graphHeight, height, layers: layerCount, nodes, edges, eliminated, eliminatedTop };
}

function edgePath(points: Array<{ x: number; y: number }>): string {
  const r = (v: number) => Math.round(v * 10) / 10;
  let d = `M${r(points[0].x)},${r(points[0].y)}`;
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1];
    const q = points[i];
    if (p.y === q.y || q.x - p.x < 1) {
      d += ` L${r(q.x)},${r(q.y)}`;
    } else {
      const mx = (p.x + q.x) / 2;
      d += ` C${r(mx)},${r(p.y)} ${r(mx)},${r(q.y)} ${r(q.x)},${r(q.y)}`;
    }
  }
  return d;
}

function roleBadge(n: GraphNode): string {
  if (n.role === 'root') {
    const conf = n.confidence !== undefined ? ` · ${formatPercent(n.confidence)}` : '';
    return `ROOT CAUSE #${(n.rootRank ?? 0) + 1}${conf}`;
  }
  if (n.role === 'symptom') return 'SYMPTOM';
  return n.start ? 'OBSERVED' : 'LINK';
}

function labelText(x: number, y: number, titleLines: string[], subjectLines: string[]): string {
  let out = '';
  let ty = y;
  for (const line of titleLines) {
    ty += GRAPH.lineHeight;
    out += `<text class="g-title" x="${x}" y="${ty}">${escapeHtml(line)}</text>`;
  }
  for (const line of subjectLines) {
    ty += GRAPH.lineHeight;
    out += `<text class="g-subject" x="${x}" y="${ty}">${escapeHtml(line)}</text>`;
  }
  return out;
}

export interface GraphAnchors {
  /** Fragment (without #) to link a graph node to, by node id; eliminated by index. */
  node(id: string): string | undefined;
  eliminated(index: number): string | undefined;
}

/** A screen-reader sentence for a node. */
function nodeAria(n: GraphNode, layout: GraphLayout): string {
  const causes = layout.edges.filter((e) => e.from === n.id).map((e) => e.to.split('@')[0]);
  const role =
    n.role === 'root' ? `Root cause ${(n.rootRank ?? 0) + 1}` : n.role === 'symptom' ? 'Symptom' : n.start ? 'Observed' : 'Link';
  let s = `${role}: ${humanize(n.failureMode)} on ${subjectLabel(n.subject)}`;
  if (n.role === 'root' && n.confidence !== undefined) s += `, confidence ${formatPercent(n.confidence)}`;
  if (causes.length) s += `. Caused by ${causes.map(humanize).join(', ')}`;
  return s + '.';
}

/** The graph as one inline SVG. */
export function renderCausalGraphSvg(report: Report, layout: GraphLayout, anchors: GraphAnchors): string {
  const { width, height } = layout;
  const parts: string[] = [];
  parts.push(
    `<svg class="causal-graph" id="causal-graph-svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
      `role="group" aria-labelledby="graph-title" aria-describedby="graph-desc" xmlns="http://www.w3.org/2000/svg">`,
  );
  parts.push(
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">' +
      '<path d="M0,0 L10,5 L0,10 z" class="g-arrowhead"/></marker>' +
      '<marker id="arrow-primary" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">' +
      '<path d="M0,0 L10,5 L0,10 z" class="g-arrowhead primary"/></marker></defs>',
  );
  // Column headers.
  const colX = (l: number) => GRAPH.pad + l * (GRAPH.nodeWidth + GRAPH.gapX);
  parts.push('<g class="g-columns" aria-hidden="true">');
  for (let l = 0; l < layout.layers; l++) {
    const symptoms = layout.nodes.some((n) => n.layer === 0 && n.role === 'symptom');
    const label = l === 0 ? (symptoms ? 'Symptoms' : 'Observed') : `Step ${l}`;
    parts.push(`<text class="g-colhead" x="${colX(l)}" y="${GRAPH.pad + 12}">${escapeHtml(label)}</text>`);
  }
  parts.push('</g>');

  // Edges under nodes.
  parts.push('<g class="g-edges">');
  for (const e of layout.edges) {
    const primary = e.roots.includes(0);
    parts.push(
      `<path class="edge${primary ? ' primary' : ''}" data-from="${escapeHtml(e.from)}" data-to="${escapeHtml(e.to)}" ` +
        `data-roots="${e.roots.join(' ')}" d="${edgePath(e.points)}" marker-end="url(#${primary ? 'arrow-primary' : 'arrow'})">` +
        `<title>${escapeHtml(`${e.from} is caused by ${e.to}`)}</title></path>`,
    );
  }
  parts.push('</g>');

  parts.push('<g class="g-nodes">');
  for (const n of layout.nodes) {
    const href = anchors.node(n.id);
    const cls = `node role-${n.role}${n.rootRank === 0 ? ' primary' : ''}`;
    const attrs =
      `class="${cls}" data-node-id="${escapeHtml(n.id)}" data-failure-mode="${escapeHtml(n.failureMode)}" ` +
      `data-subject="${escapeHtml(subjectKey(n.subject))}" data-role="${n.role}" data-layer="${n.layer}"` +
      (n.rootRank !== undefined ? ` data-root-rank="${n.rootRank}"` : '');
    const open = href
      ? `<a ${attrs} href="#${escapeHtml(href)}" aria-label="${escapeHtml(nodeAria(n, layout))}">`
      : `<g ${attrs} tabindex="0" role="img" aria-label="${escapeHtml(nodeAria(n, layout))}">`;
    parts.push(open);
    parts.push(`<title>${escapeHtml(`${n.failureMode} — ${subjectLabel(n.subject)}`)}</title>`);
    parts.push(`<rect class="g-box" x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="7"/>`);
    parts.push(
      `<text class="g-badge" x="${n.x + GRAPH.innerPad}" y="${n.y + GRAPH.innerPad + 11}">${escapeHtml(roleBadge(n))}</text>`,
    );
    parts.push(labelText(n.x + GRAPH.innerPad, n.y + GRAPH.innerPad + GRAPH.badgeHeight - 2, n.titleLines, n.subjectLines));
    parts.push(href ? '</a>' : '</g>');
  }
  parts.push('</g>');

  if (layout.eliminated.length) {
    const lineY = layout.graphHeight - GRAPH.pad / 2;
    parts.push('<g class="g-eliminated">');
    parts.push(`<line class="g-divider" x1="${GRAPH.pad}" y1="${lineY}" x2="${width - GRAPH.pad}" y2="${lineY}"/>`);
    parts.push(
      `<text class="g-colhead" x="${GRAPH.pad}" y="${layout.eliminatedTop - 10}">Ruled out (${layout.eliminated.length})</text>`,
    );
    for (const n of layout.eliminated) {
      const el = report.eliminated[n.index];
      const href = anchors.eliminated(n.index);
      const attrs =
        `class="node role-eliminated" data-failure-mode="${escapeHtml(n.failureMode)}" ` +
        `data-subject="${escapeHtml(subjectKey(n.subject))}" data-role="eliminated" data-eliminated-index="${n.index}"`;
      const aria = `Ruled out: ${humanize(n.failureMode)} on ${subjectLabel(n.subject)}. ${el.reason}`;
      parts.push(
        href
          ? `<a ${attrs} href="#${escapeHtml(href)}" aria-label="${escapeHtml(aria)}">`
          : `<g ${attrs} tabindex="0" role="img" aria-label="${escapeHtml(aria)}">`,
      );
      parts.push(`<title>${escapeHtml(`${n.failureMode} — ruled out: ${el.reason}`)}</title>`);
      parts.push(`<rect class="g-box" x="${n.x}" y="${n.y}" width="${n.width}" height="${n.height}" rx="7"/>`);
      parts.push(`<text class="g-badge" x="${n.x + GRAPH.innerPad}" y="${n.y + GRAPH.innerPad + 11}">RULED OUT</text>`);
      parts.push(labelText(n.x + GRAPH.innerPad, n.y + GRAPH.innerPad + GRAPH.badgeHeight - 2, n.titleLines, n.subjectLines));
      parts.push(href ? '</a>' : '</g>');
    }
    parts.push('</g>');
  }
  parts.push('</svg>');
  return parts.join('');
}
