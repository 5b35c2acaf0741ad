// Hand-built reports for the HTML reporter's tests.
import { readFileSync } from 'node:fs';
import type { ChainLink, Report, Subject, TimelinePoint } from '../../../src/types.js';

export function emptyReport(): Report {
  return {
    schemaVersion: 1,
    generatedAt: '2026-02-22T10:40:00Z',
    sources: [],
    symptoms: [],
    rootCauses: [],
    eliminated: [],
    unchecked: [],
    findings: [],
    remediation: [],
    etcdMembers: [],
    timeline: [],
  };
}

/** The reference incident's hand-built report (test/fixtures/report/reference-report.json). */
export function referenceReport(): Report {
  return JSON.parse(readFileSync('test/fixtures/report/reference-report.json', 'utf8')) as Report;
}

export const node = (name: string): Subject => ({ kind: 'Node', name });
export const member = (name: string): Subject => ({ kind: 'EtcdMember', name });
export const link = (failureMode: string, subject: Subject): ChainLink => ({ failureMode, subject });

/** A report whose root causes have the given chains (each chain's last link is its root cause). */
export function chainsReport(chains: ChainLink[][]): Report {
  const r = emptyReport();
  const seen = new Set<string>();
  for (const c of chains) {
    const k = `${c[0].failureMode}@${c[0].subject.name}`;
    if (!seen.has(k)) {
      seen.add(k);
      r.symptoms.push({ ...c[0], summary: 's', evidence: [] });
    }
  }
  r.rootCauses = chains.map((chain, i) => ({
    failureMode: chain[chain.length - 1].failureMode,
    subject: chain[chain.length - 1].subject,
    confidence: 0.9 - i * 0.1,
    summary: `cause ${i}`,
    chain,
    evidence: [{ source: 'x.log', line: i + 1, excerpt: 'x' }],
    remediation: [],
  }));
  return r;
}

export function point(node: string | undefined, signal: string, time: string, durationMs?: number): TimelinePoint {
  return {
    signal,
    node,
    component: 'etcd',
    time,
    durationMs,
    ref: { source: `${node ?? 'cluster'}/etcd.log`, line: 1, excerpt: 'x' },
  };
}

/** Boxes overlap (touching edges do not count). */
export function overlaps(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
