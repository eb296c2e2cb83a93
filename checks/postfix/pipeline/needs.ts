// What a content-filter pipe needs on the host, as the user it runs as: the pipe's program, procmail's rcfile,
// each program the rcfile pipes to and the files their arguments name, the submitter's config file.
import type { Procmailrc } from '../../../src/procmail/procmailrc.js';
import { argumentFiles, pipeProgram, pipeRecipes } from '../../../src/procmail/procmailrc.js';
import type { Want } from '../../../src/unix/path-access.js';

export interface Need {
  readonly path: string;
  readonly want: Want;
  readonly role: string; // "the pipe's program", "a program procmailrc pipes to (line 7)" ...
  readonly program?: string; // the program that opens it (its setuid/setgid bits count)
}

export function pipeNeeds(argv: readonly string[], rcfile: string | null): Need[] {
  const needs: Need[] = [{ path: argv[0]!, want: 'execute', role: 'the pipe command' }];
  if (rcfile !== null) needs.push({ path: rcfile, want: 'read', role: `${argv[0]}'s rcfile`, program: argv[0]! });
  return needs;
}

// The programs procmailrc pipes to and the files their arguments name.
export function recipeNeeds(rc: Procmailrc, rcfile: string): Need[] {
  const needs: Need[] = [];
  for (const r of pipeRecipes(rc)) {
    if (r.action.kind !== 'pipe') continue;
    const program = pipeProgram(rc, r.action.words);
    if (program === undefined || !program.startsWith('/')) continue;
    needs.push({ path: program, want: 'execute', role: `piped to at ${rcfile} line ${r.actionLine}` });
    for (const file of argumentFiles(r.action.words))
      needs.push({
        path: file,
        want: 'read',
        role: `a file ${program} reads (${rcfile} line ${r.actionLine})`,
        program,
      });
  }
  return needs;
}
