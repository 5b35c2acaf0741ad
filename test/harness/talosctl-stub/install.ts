// Installs the stub talosctl in a temp folder: a `talosctl` shell wrapper running the compiled
// stub with this Node, and the state file it reads. Nothing global changes: give `bin` to the
// collector (TalosLiveOptions.talosctl) or put `dir` first on a child process's PATH.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TalosStubState } from './state.js';

export interface InstalledStub {
  dir: string;
  /** The `talosctl` executable. */
  bin: string;
  /** A talosconfig file (the stub only checks it exists). */
  talosconfig: string;
  /** Environment for a child process: PATH with the stub first, and the state file. */
  env: NodeJS.ProcessEnv;
  calls(): Array<{ command: string; nodes: string[]; noEncryption: boolean }>;
  setState(state: TalosStubState): void;
  remove(): void;
}

export function installTalosctlStub(state: TalosStubState): InstalledStub {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubesleuth-talosctl-stub-'));
  const script = fileURLToPath(new URL('./talosctl.js', import.meta.url));
  const statePath = path.join(dir, 'state.json');
  const bin = path.join(dir, 'talosctl');
  writeFileSync(bin, `#!/bin/sh\nKUBESLEUTH_TALOS_STUB="${statePath}" exec "${process.execPath}" "${script}" "$@"\n`);
  chmodSync(bin, 0o755);
  const talosconfig = path.join(dir, 'talosconfig');
  writeFileSync(talosconfig, 'context: stub\ncontexts:\n  stub:\n    endpoints: [10.20.0.14]\n');
  const setState = (s: TalosStubState): void => writeFileSync(statePath, JSON.stringify(s, null, 2));
  setState(state);
  return {
    dir,
    bin,
    talosconfig,
    env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` },
    calls: () =>
      existsSync(`${statePath}.calls`)
        ? readFileSync(`${statePath}.calls`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { command: string; nodes: string[]; noEncryption: boolean })
        : [],
    setState,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
