// The message of a syslog line handed to its program's parser, chosen by the syslog program name: postfix's
// daemons, amavis, cyrus, saslauthd/pam_krb5, oxldapsync. undefined: no parser for the program, or a message of a
// shape the program's parser does not know (the caller keeps the raw line and counts it as unknown).
import { AMAVIS_PROGRAM, parseAmavisMessage } from './amavis.js';
import { CYRUS_PROGRAM, parseCyrusMessage } from './cyrus.js';
import { parseOxLdapSyncMessage } from './oxldapsync.js';
import { parsePostfixMessage, postfixProgram, splitQueueId } from './postfix.js';
import { parseSaslMessage, SASL_PROGRAM } from './sasl.js';
import type { ParsedMessage } from './types.js';

export type ProgramFamily = 'postfix' | 'amavis' | 'cyrus' | 'sasl' | 'oxldapsync';

// A host logs under a handful of program names: remember each one's family (bounded, against odd input).
const known = new Map<string, ProgramFamily | undefined>();
const MAX_KNOWN = 1000;

export function programFamily(program: string): ProgramFamily | undefined {
  if (known.has(program)) return known.get(program);
  if (known.size >= MAX_KNOWN) known.clear();
  const family = familyOf(program);
  known.set(program, family);
  return family;
}

function familyOf(program: string): ProgramFamily | undefined {
  if (postfixProgram(program)) return 'postfix';
  if (AMAVIS_PROGRAM.test(program)) return 'amavis';
  if (SASL_PROGRAM.test(program)) return 'sasl';
  if (program === 'oxldapsync') return 'oxldapsync';
  if (CYRUS_PROGRAM.test(program)) return 'cyrus';
  return undefined;
}

export function parseProgramMessage(
  family: ProgramFamily,
  program: string,
  message: string,
): ParsedMessage | undefined {
  switch (family) {
    case 'postfix':
      return parsePostfixMessage(program, message);
    case 'amavis':
      return parseAmavisMessage(message);
    case 'cyrus':
      return parseCyrusMessage(message);
    case 'sasl':
      return parseSaslMessage(message);
    case 'oxldapsync':
      return parseOxLdapSyncMessage(message);
  }
}

// A postfix line of a shape the parser does not know still names its queue file.
export function fallbackQueueId(family: ProgramFamily, message: string): string | undefined {
  return family === 'postfix' ? splitQueueId(message.trimEnd()).queueId : undefined;
}
