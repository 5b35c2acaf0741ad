// Output plumbing for commands: stdout/stderr writers (injectable for tests) and atomic file writes.
import { rename, writeFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../intake/errors.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const processIo: Io = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};

/** Writes the whole file or nothing: a temp file beside it, then a rename; a failed write leaves no temp file. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(tmp, content);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    const err = e as NodeJS.ErrnoException;
    throw new UserError(`cannot write ${file}: ${err.code ?? err.message.split('\n')[0]}`, { cause: e });
  }
}
