// Follows one content-filter pipe on the host: its command, procmail's rcfile and the programs it pipes to,
// and the program that hands mail back to postfix (read through a wrapper script when there is one).
import type { CheckContext } from '../../../src/core/check.js';
import { readText } from '../../../src/facts/read-text.js';
import type { PipeCommand } from '../../../src/postfix/pipe-service.js';
import { procmailRcfile } from '../../../src/postfix/pipe-service.js';
import {
  parseProcmailrc,
  pipeProgram,
  pipeRecipes,
  variable,
  type Procmailrc,
} from '../../../src/procmail/procmailrc.js';
import {
  configFileOf,
  resubmitTarget,
  scriptLogFiles,
  submitterOf,
  wrappedCall,
  type Submitter,
} from '../../../src/procmail/resubmit.js';
import { pipeNeeds, recipeNeeds, type Need } from './needs.js';
import type { Resubmission } from './reinjection.js';

export interface PipeChain {
  readonly rcfile: string | null;
  readonly rc: Procmailrc | null; // null: no rcfile, or it could not be read
  readonly needs: readonly Need[];
  readonly programs: readonly string[]; // in the order mail passes them, for the summary
  readonly resubmission: Resubmission | null; // null: nothing to follow (no rcfile to read)
  readonly logFiles: readonly string[]; // procmail's LOGFILE, a wrapper's >> files: evidence of failures
}

export async function followPipe(ctx: CheckContext, pipe: PipeCommand): Promise<PipeChain> {
  const argv = pipe.argv;
  const isProcmail = /(^|\/)procmail$/.test(argv[0] ?? '');
  const rcfile = isProcmail ? procmailRcfile(argv) : null;
  const file = rcfile === null ? null : await readText(ctx, rcfile);
  const rc = file === null ? null : parseProcmailrc(file.text);
  const needs: Need[] = [...pipeNeeds(argv, rcfile)];
  const programs = [argv[0]!];
  const logFiles: string[] = [];
  if (rc && rcfile) {
    needs.push(...recipeNeeds(rc, rcfile));
    for (const r of pipeRecipes(rc)) {
      const p = r.action.kind === 'pipe' ? pipeProgram(rc, r.action.words) : undefined;
      if (p) programs.push(p);
    }
    const log = variable(rc, 'LOGFILE');
    if (log?.startsWith('/')) logFiles.push(log);
  }
  // The last delivering pipe recipe hands the mail on; without procmail, the pipe command itself does.
  const last = rc
    ? pipeRecipes(rc)
        .filter((r) => r.delivering)
        .at(-1)
    : undefined;
  const words = last?.action.kind === 'pipe' ? [...last.action.words] : rc ? null : [...argv];
  if (!words || words.length === 0 || (rcfile !== null && rc === null)) {
    return { rcfile, rc, needs, programs, resubmission: null, logFiles };
  }
  const program = rc ? pipeProgram(rc, words) : words[0];
  const via = last ? `${program} (${rcfile} line ${last.actionLine})` : `${program}`;
  const call = await submitterCall(ctx, program ?? '', words, needs, logFiles);
  if (!call) return { rcfile, rc, needs, programs, resubmission: { via, target: null }, logFiles };
  const config = configFileOf(call.submitter, call.words);
  let configText: string | null = null;
  if (config !== null) {
    configText = (await readText(ctx, config))?.text ?? null;
    needs.push({ path: config, want: 'read', role: `${call.submitter}'s configuration`, program: call.program });
  }
  const target = resubmitTarget(call.submitter, call.words, configText);
  return { rcfile, rc, needs, programs, resubmission: { via, target }, logFiles };
}

// The submitter the program is, or the one a wrapper script around it calls (which must be executable too).
async function submitterCall(
  ctx: CheckContext,
  program: string,
  words: string[],
  needs: Need[],
  logFiles: string[],
): Promise<{ submitter: Submitter; program: string; words: string[] } | null> {
  const direct = submitterOf(program);
  // A script named like a submitter is a wrapper (the lab's /etc/postfix/ssmtp execs msmtp): follow it.
  const file = program.startsWith('/')
    ? await ctx.transport.readFile(program, { maxBytes: 64 * 1024 }).catch(() => null)
    : null;
  const isScript = file !== null && file.data.subarray(0, 2).toString() === '#!' && !file.data.includes(0);
  if (direct && !isScript) return { submitter: direct, program, words: [program, ...words.slice(1)] };
  if (!isScript) return null; // missing (a need step says so), a binary oxdoctor does not know, or no path
  const script = file.data.toString('utf8');
  ctx.record(`read ${program}`, script);
  logFiles.push(...scriptLogFiles(script));
  const call = wrappedCall(script);
  const submitter = call ? submitterOf(call.program) : null;
  if (!call || !submitter) return null;
  if (call.program.startsWith('/')) needs.push({ path: call.program, want: 'execute', role: `run by ${program}` });
  return { submitter, program: call.program, words: call.words };
}
