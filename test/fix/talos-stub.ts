// Puts a stub `talosctl` (fixtures/talosctl-stub.mjs) first on PATH, over a cluster kept in a JSON file.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface StubMember {
  node: string;
  id: string;
  hostname: string;
  dbSize: number;
  dbSizeInUse: number;
  down?: boolean;
}

export interface StubState {
  format?: 'v1.10' | 'v1.11';
  members: StubMember[];
  leader: string;
  term: number;
  applied: number;
  alarms?: Array<{ member: string; alarm: string }>;
  /** After the count-th defrag: elect the member on node `elect`, or take node `down` away. */
  afterDefrag?: { count: number; elect?: string; down?: string };
  calls: string[];
  defrags?: number;
}

export interface TalosStub {
  dir: string;
  talosconfig: string;
  read(): StubState;
  /** The calls that change something (defrag, forfeit-leadership, alarm disarm). */
  changes(): string[];
  restore(): void;
}

/** The reference incident: talos01 (leader) and talos03 at 467 MB with 55 MB in use, talos02 at 87/56 MB. */
export function incidentState(): StubState {
  return {
    members: [
      { node: '10.20.0.14', id: '25e10c575a763da7', hostname: 'talos01', dbSize: 467_000_000, dbSizeInUse: 55_000_000 },
      { node: '10.20.0.15', id: '5a1e4c2b9f8d7e61', hostname: 'talos02', dbSize: 87_000_000, dbSizeInUse: 56_000_000 },
      { node: '10.20.0.16', id: 'c3d1f0e2a4b59687', hostname: 'talos03', dbSize: 469_000_000, dbSizeInUse: 55_000_000 },
    ],
    leader: '25e10c575a763da7',
    term: 195,
    applied: 53391,
    calls: [],
  };
}

export function installTalosStub(state: StubState): TalosStub {
  const dir = mkdtempSync(join(tmpdir(), 'kubesleuth-talosctl-'));
  const stub = resolve('test/fix/fixtures/talosctl-stub.mjs');
  writeFileSync(join(dir, 'talosctl'), `#!/bin/sh\nexec "${process.execPath}" "${stub}" "$@"\n`);
  chmodSync(join(dir, 'talosctl'), 0o755);
  const statePath = join(dir, 'state.json');
  writeFileSync(statePath, JSON.stringify(state, null, 2));
  const talosconfig = join(dir, 'talosconfig');
  writeFileSync(talosconfig, 'context: stub\ncontexts: {}\n');
  const oldPath = process.env.PATH;
  const oldState = process.env.TALOSCTL_STUB_STATE;
  process.env.PATH = `${dir}:${oldPath ?? ''}`;
  process.env.TALOSCTL_STUB_STATE = statePath;
  const read = (): StubState => JSON.parse(readFileSync(statePath, 'utf8')) as StubState;
  return {
    dir,
    talosconfig,
    read,
    changes: () => read().calls.filter((c) => /^etcd (defrag|forfeit-leadership|alarm disarm)/.test(c)),
    restore: () => {
      process.env.PATH = oldPath;
      if (oldState === undefined) delete process.env.TALOSCTL_STUB_STATE;
      else process.env.TALOSCTL_STUB_STATE = oldState;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
