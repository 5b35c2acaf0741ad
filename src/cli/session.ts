// `kubesleuth session show|check|verify FILE`
import { readFile } from 'node:fs/promises';
import { UserError } from '../intake/errors.js';
import { checkSession, formatCheckMessage, hasErrors, parseSession, renderSummary, summarizeSession } from '../session/index.js';
import type { Io } from './io.js';

export const SESSION_USAGE = `usage:
  kubesleuth session show FILE [-o text|json]     status, trigger, focus, counts, root cause, open items
  kubesleuth session check FILE                   validate against the debug-session format (exit 0 ok, 1 errors)
  kubesleuth session verify FILE [--paths P ...]  re-run the recorded sources (or P ...), write ✅/❌ lines;
                                                  exit 0 resolved (moved to resolved/), 1 not resolved, 2 bad input
`;

async function read(file: string | undefined): Promise<string> {
  if (!file) throw new UserError('session: give a FILE');
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new UserError(`cannot read ${file}`);
  }
}

/** `--paths a b c` (following words up to the next flag) and `--paths=a,b`; FILE is the one other word. */
export function parseVerifyArgs(argv: readonly string[]): { file: string; paths?: string[] } {
  let file: string | undefined;
  let paths: string[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--paths') {
      paths ??= [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) paths.push(argv[++i]);
      if (!paths.length) throw new UserError('session verify: --paths needs at least one PATH');
    } else if (a.startsWith('--paths=')) {
      paths = [...(paths ?? []), ...a.slice('--paths='.length).split(',').filter(Boolean)];
      if (!paths.length) throw new UserError('session verify: --paths needs at least one PATH');
    } else if (a === '--debug') {
      continue;
    } else if (a.startsWith('-')) {
      throw new UserError(`session verify: unknown flag ${a} (known: --paths)`);
    } else if (file === undefined) {
      file = a;
    } else {
      throw new UserError(`session verify: one FILE only (got ${file} and ${a}); sources go after --paths`);
    }
  }
  if (file === undefined) throw new UserError('session verify: give a FILE');
  return { file, paths };
}

export async function runSession(argv: string[], io: Io): Promise<number> {
  const [sub, ...args] = argv;
  const [file, ...rest] = args;
  switch (sub) {
    case 'check': {
      const text = await read(file);
      const messages = checkSession(text);
      for (const m of messages) io.stdout(`${formatCheckMessage(m, file)}\n`);
      if (!messages.length) io.stdout(`${file}: ok\n`);
      return hasErrors(messages) ? 1 : 0;
    }
    case 'show': {
      const text = await read(file);
      const summary = summarizeSession(parseSession(text));
      const at = rest.findIndex((a) => a === '-o' || a === '--output');
      const format = at >= 0 ? rest[at + 1] : rest.find((a) => a.startsWith('--output='))?.slice('--output='.length);
      if (format !== undefined && format !== 'text' && format !== 'json') throw new UserError('session show: -o must be text or json');
      io.stdout(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
      return 0;
    }
    case 'verify': {
      const { file: target, paths } = parseVerifyArgs(args);
      const { verifySessionFile } = await import('./session-file.js');
      return verifySessionFile(target, io, { paths });
    }
    case 'help':
    case '--help':
    case '-h':
    case undefined:
      (sub === undefined ? io.stderr : io.stdout)(SESSION_USAGE);
      return sub === undefined ? 2 : 0;
    default:
      throw new UserError(`session: unknown subcommand "${sub}"; use show, check or verify with a FILE`);
  }
}
