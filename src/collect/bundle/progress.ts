// Progress of collection steps on stderr, for people at a terminal: one line per finished step,
// the running step shown on a line that is rewritten. Silent when stderr is not a TTY or with --quiet.
export interface Progress {
  /** A step starts or advances (rewrites the current line on a terminal). */
  update(text: string): void;
  /** A step is over: its final line stays. */
  done(text: string): void;
}

export const silentProgress: Progress = { update: () => undefined, done: () => undefined };

export function terminalProgress(write: (s: string) => void): Progress {
  let pending = false;
  const clear = (): void => {
    if (pending) write('\r\x1b[2K');
    pending = false;
  };
  return {
    update(text) {
      clear();
      write(`  ${text}`);
      pending = true;
    },
    done(text) {
      clear();
      write(`  ${text}\n`);
    },
  };
}

export function progressFor(opts: { isTTY: boolean; quiet?: boolean; write: (s: string) => void }): Progress {
  return opts.isTTY && !opts.quiet ? terminalProgress(opts.write) : silentProgress;
}
