// The configured test user and where each groupware host's users reach cyrus (imapd / timsieved).
import type { CheckContext } from '../core/check.js';
import { unknown, type Outcome } from '../core/result.js';
import type { ImapCredentials } from '../protocols/imap-session.js';
import type { Opener } from '../protocols/types.js';
import { openerFor } from './probe.js';
import { cyrusOpener, cyrusTargets, missingFromConf } from './cyrus-targets.js';
import { notConfigured } from '../core/not-configured.js';

export function testUser(ctx: CheckContext): ImapCredentials | Outcome {
  const user = ctx.site.testUser;
  if (!user) return notConfigured('testUser', 'the test user to log in as', '{ login, address, password }');
  if (!user.password) {
    return notConfigured(
      'testUser.password',
      `the password of ${user.login}; or imapAdmin, a cyrus admin who logs in on its behalf`,
      '{ file: /path/to/pw }',
    );
  }
  if (/[\r\n\0]/.test(user.login))
    return unknown(`testUser login ${JSON.stringify(user.login)} contains CR, LF or NUL: refusing to send it`);
  return { login: user.login, password: user.password };
}

// How the mailbox checks log in: as the test user with its password, else as the configured cyrus admin on
// the user's behalf (SASL PLAIN authzid), which reaches folders and ACLs without the user's password.
export function imapCredentials(ctx: CheckContext): ImapCredentials | Outcome {
  const user = ctx.site.testUser;
  const admin = ctx.site.imapAdmin;
  if (!user || user.password || !admin) return testUser(ctx);
  if (/[\r\n\0]/.test(user.login))
    return unknown(`testUser login ${JSON.stringify(user.login)} contains CR, LF or NUL: refusing to send it`);
  return { login: admin.login, password: admin.password, authzid: user.login };
}

export function isOutcome(v: unknown): v is Outcome {
  return typeof v === 'object' && v !== null && 'status' in v && 'summary' in v;
}

export interface CyrusEndpoint {
  readonly target: string; // "127.0.10.2:143"
  readonly open: Opener;
}

// The host's own imapd (or timsieved) from cyrus.conf; without a cyrus.conf, the site's IMAP VIP.
export async function cyrusEndpoint(
  ctx: CheckContext,
  daemon: 'imapd' | 'timsieved',
): Promise<CyrusEndpoint | Outcome> {
  const isDaemon =
    daemon === 'imapd' ? (a: string[]) => a[0] === 'imapd' && !a.includes('-s') : (a: string[]) => a[0] === 'timsieved';
  const port = daemon === 'imapd' ? 143 : 2000;
  const { targets, confRead } = await cyrusTargets(ctx, isDaemon, { kind: 'inet', port });
  const vip = ctx.site.endpoints.vip?.imap;
  if (!confRead && vip) return { target: `${vip}:${port}`, open: openerFor(ctx, vip, port) };
  if (targets.length === 0) {
    return daemon === 'imapd'
      ? missingFromConf('imapd', 'imap on port 143', 'no IMAP logins: OX webmail and mail clients fail')
      : missingFromConf(
          'timsieved',
          'sieve on port 2000 as in the deployment',
          'OX mail filter rules cannot be read or saved',
        );
  }
  // A login needs a real dialogue: only TCP listeners will do (the unix-socket bridge plays a fixed script).
  const inet = targets.find((t) => t.listen.kind === 'inet' && t.listen.port !== undefined);
  const open = inet && cyrusOpener(ctx, inet.listen, '');
  if (!inet || !open)
    return unknown(
      `${daemon} listens only on ${targets.map((t) => t.target).join(', ')}: no TCP listener to log in through`,
    );
  return { target: inet.target, open };
}
