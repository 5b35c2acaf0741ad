// kubesleuth-manifest.json: what a bundle holds, when and where it was collected, what failed.
// See docs/bundle-layout.md. The manifest names no credential: a kubeconfig is named by its
// context and server, never copied.
import type { RedactionKind } from './redact.js';

export const MANIFEST_NAME = 'kubesleuth-manifest.json';

export type LiveSourceKind = 'kubernetes-api' | 'talosctl';

export interface ManifestSource {
  kind: LiveSourceKind;
  /** How the source is named in reports: `context C (https://…)` or `talosctl --nodes A,B`. */
  location: string;
  context?: string;
  server?: string;
  talosconfig?: string;
  nodes: string[];
  startedAt: string;
  finishedAt?: string;
  /** Partial failures, one line each (also listed in detail under `failed`). */
  warnings: string[];
}

export interface ManifestFile {
  /** Path inside the bundle, forward slashes. */
  path: string;
  source: LiveSourceKind;
  /** What the file holds, for people. */
  what: string;
  /** The API request (`GET /api/v1/pods`, with the page count) or the talosctl command line. */
  request: string;
  /** For a log: the object it belongs to (`Pod/kube-system/kube-apiserver-cp1`). */
  object?: string;
  node?: string;
  items?: number;
  bytes: number;
  /** How a live diagnosis cites evidence from this file (`logs -c etcd`, `talosctl etcd status`). */
  cite?: string;
}

export interface ManifestFailure {
  source: LiveSourceKind;
  what: string;
  request?: string;
  node?: string;
  /** One line: `403 Forbidden: …`, `no answer within 30000ms`, `node 10.0.0.3 did not answer: …`. */
  error: string;
}

export interface BundleManifest {
  apiVersion: 'kubesleuth.dev/v1';
  kind: 'BundleManifest';
  tool: { name: 'kubesleuth'; version: string };
  createdAt: string;
  finishedAt?: string;
  sources: ManifestSource[];
  files: ManifestFile[];
  failed: ManifestFailure[];
  /** What was not collected because the cluster does not have it (a CRD, metrics-server, a previous log). */
  skipped?: Array<{ source: LiveSourceKind; what: string; reason: string }>;
  /** How many values of each kind were redacted before anything was written. */
  redactions: Partial<Record<RedactionKind, number>>;
}

export function emptyManifest(version: string, now = new Date()): BundleManifest {
  return {
    apiVersion: 'kubesleuth.dev/v1',
    kind: 'BundleManifest',
    tool: { name: 'kubesleuth', version },
    createdAt: now.toISOString(),
    sources: [],
    files: [],
    failed: [],
    redactions: {},
  };
}

export function isManifest(v: unknown): v is BundleManifest {
  const m = v as Partial<BundleManifest> | null;
  return !!m && m.kind === 'BundleManifest' && Array.isArray(m.files) && Array.isArray(m.failed) && Array.isArray(m.sources);
}
