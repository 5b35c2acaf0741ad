// `kubesleuth session show|check|verify FILE`
import { readFile } from 'node:fs/promises';
import { UserError } from '../intake/errors.js';
import { checkSession, formatCheckMessage, hasErrors, parseSession, renderSummary, summarizeSession } from '../session/index.js';
import type { Io } from './io.js';

async function read(file: string | undefined): Promise<string> {
  if (!file) throw new UserError('session: give a FILE');
  try {
    return await readFile(file, 'utf8');
  } catch {
    throw new UserError(`cannot read ${file}`);
  }
}

export async function runSession(argv: string[], io: Io): Promise<number> {
  const [sub, file, ...rest] = argv;
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
      const json = rest.includes('json') && (rest.includes('-o') || rest.includes('--output'));
      io.stdout(json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
      return 0;
    }
    case 'verify': {
      const { verifySessionFile } = await import('./session-file.js');
      return verifySessionFile(await read(file).then(() => file as string), io);
    }
    default:
      throw new UserError('session: use show, check or verify with a FILE');
  }
}
