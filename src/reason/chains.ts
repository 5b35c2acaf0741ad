// Walking the causal model upwards from a finding: which supported causes explain it, which
// candidate causes were refuted by evidence, and which could not be checked for lack of data.
import { CAUSAL_LINKS, type CausalLink, type LinkCondition } from '../model/causal-links.js';
import type { Finding, Refutation, Subject } from '../types.js';

export interface Step {
  finding: Finding;
  /** The link by which this finding explains the previous step (undefined for the start). */
  via?: CausalLink;
}

export interface Walk {
  chains: Step[][];
  refuted: Array<{ refutation: Refutation; link: CausalLink; effect: Finding }>;
  unchecked: Array<{ failureMode: string; link: CausalLink; effect: Finding }>;
}

type Located = { node?: string; subject: Subject; pods?: string[]; affects?: string[] };

const sameSubject = (a: Subject, b: Subject): boolean =>
  a.kind === b.kind && (a.name === b.name || (a.id !== undefined && a.id === b.id)) && (a.namespace ?? '') === (b.namespace ?? '');

const podsOf = (x: Located): string[] => {
  const own = x.subject.kind === 'Pod' ? [`${x.subject.namespace ?? 'default'}/${x.subject.name}`] : [];
  return [...own, ...(x.pods ?? [])];
};

/** Whether cause C can explain effect E under the link's condition. */
export function holds(when: LinkCondition, c: Located, e: Located): boolean {
  switch (when) {
    case 'cluster':
      return true;
    case 'same-node':
      return !!e.node && (c.node === e.node || (c.affects ?? []).includes(e.node));
    case 'reaches':
      return !!e.node && (c.affects ?? []).includes(e.node);
    case 'same-member':
      return sameSubject(c.subject, e.subject) || (!!c.node && c.node === e.node);
    case 'same-pod': {
      const ep = new Set(podsOf(e));
      return podsOf(c).some((p) => ep.has(p));
    }
  }
}

const MAX_DEPTH = 8;
const MAX_CHAINS = 64;

export function walkUp(start: Finding, findings: Finding[], refutations: Refutation[]): Walk {
  const out: Walk = { chains: [], refuted: [], unchecked: [] };
  const visit = (path: Step[]): void => {
    if (out.chains.length >= MAX_CHAINS) return;
    const effect = path[path.length - 1].finding;
    let extended = false;
    if (path.length < MAX_DEPTH) {
      for (const link of CAUSAL_LINKS) {
        if (link.effect !== effect.failureMode) continue;
        const causes = findings.filter((f) => f.failureMode === link.cause && holds(link.when, f, effect) && !path.some((s) => s.finding === f));
        for (const c of causes) {
          extended = true;
          visit([...path, { finding: c, via: link }]);
        }
        if (causes.length) continue;
        const refuting = refutations.filter((r) => r.failureMode === link.cause && holds(link.when === 'cluster' ? 'cluster' : link.when, r, effect));
        if (refuting.length) for (const r of refuting) out.refuted.push({ refutation: r, link, effect });
        else if (!findings.some((f) => f.failureMode === link.cause && path.some((s) => s.finding === f))) out.unchecked.push({ failureMode: link.cause, link, effect });
      }
    }
    if (!extended) out.chains.push(path);
  };
  visit([{ finding: start }]);
  return out;
}
