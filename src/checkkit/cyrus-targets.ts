// Listeners of one cyrus daemon (imapd, timsieved, lmtpd) from cyrus.conf, with the usual defaults.
import type { CheckContext } from '../core/check.js';
import { commandArgv, type CyrusListen } from '../cyrus/cyrus-conf.js';
import { CYRUS_CONF_PATH, cyrusConf } from '../facts/cyrus-conf.js';
import { crit, type Outcome } from '../core/result.js';
import type { Opener } from '../protocols/types.js';
import { openerFor } from './probe.js';
import { unixSocketOpener } from '../protocols/unix-socket.js';

export interface CyrusTarget {
  readonly label: string; // "imap (127.0.0.1:143)"
  readonly target: string; // "127.0.0.1:143" or a socket path
  readonly listen: CyrusListen;
}

export async function cyrusTargets(
  ctx: CheckContext,
  daemon: (argv: string[]) => boolean,
  fallback: CyrusListen,
): Promise<{ targets: CyrusTarget[]; fromConf: boolean; confRead: boolean }> {
  const conf = await cyrusConf(ctx);
  const services = conf?.services.filter((s) => daemon(commandArgv(s.cmd))) ?? [];
  // No cyrus.conf at all: probe the deployment's default. A cyrus.conf without the service: that is the finding.
  if (services.length === 0)
    return { targets: conf ? [] : [target('default', fallback)], fromConf: false, confRead: conf !== null };
  return { targets: services.map((s) => target(s.name, s.listen)), fromConf: true, confRead: true };
}

// The outcome when the host's cyrus.conf starts no listener for the daemon at all.
export function missingFromConf(daemon: string, expected: string, consequence: string): Outcome {
  return crit(`${CYRUS_CONF_PATH} has no ${daemon} service in SERVICES (expected ${expected})`, {
    hint: `${consequence}: restore the ${daemon} line in the SERVICES section of ${CYRUS_CONF_PATH} and restart cyrus (master)`,
  });
}

function target(name: string, listen: CyrusListen): CyrusTarget {
  const where = listen.kind === 'unix' ? listen.path : `${hostOf(listen)}:${listen.port ?? '?'}`;
  return { label: `${name} (${where})`, target: where, listen };
}

export function hostOf(listen: Extract<CyrusListen, { kind: 'inet' }>): string {
  const h = listen.host?.replace(/^\[|\]$/g, '');
  return !h || h === '*' || h === '0.0.0.0' || h === 'localhost' ? '127.0.0.1' : h;
}

// TCP through the transport; a unix socket through the perl bridge with `script` sent after the greeting.
export function cyrusOpener(ctx: CheckContext, listen: CyrusListen, script: string): Opener | null {
  if (listen.kind === 'unix') return unixSocketOpener(ctx, listen.path, script, true);
  if (listen.port === undefined) return null;
  return openerFor(ctx, hostOf(listen), listen.port);
}
