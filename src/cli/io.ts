// Output plumbing for commands: stdout/stderr writers (injectable for tests) and atomic file writes.
import { rename, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const processIo: Io = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
};

/** Writes the whole file or nothing: a temp file beside it, then a rename. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}
