// Postfix's side of the LMTP socket: the lmtp client connects as mail_owner (postfix), not as root as
// oxdoctor's probe does, so a socket or directory closed to postfix answers the probe and defers every
// local delivery. Decided from the modes on the way and postfix's ids (src/unix/path-access.ts).
import type { Check, CheckContext } from '../../../src/core/check.js';
import { worst } from '../../../src/core/status.js';
import type { Outcome, Step } from '../../../src/core/result.js';
import { masterCf } from '../../../src/facts/master-cf.js';
import { pathAccessView } from '../../../src/facts/path-access.js';
import { postconf } from '../../../src/facts/postconf.js';
import { parseNextHop } from '../../../src/postfix/content-filter.js';
import { findService } from '../../../src/postfix/master-cf.js';
import { describeMode, reach } from '../../../src/unix/path-access.js';

const TRANSPORT_PARAMS = ['mailbox_transport', 'virtual_transport', 'local_transport'];

// The unix sockets postfix delivers to over LMTP, with the parameter that names each.
export function lmtpSockets(get: (name: string) => string | undefined): { path: string; param: string }[] {
  const out: { path: string; param: string }[] = [];
  for (const param of TRANSPORT_PARAMS) {
    const hop = parseNextHop(get(param) ?? '');
    if (!hop || hop.transport !== 'lmtp') continue;
    const path = hop.nexthop.replace(/^unix:/, '');
    if (path.startsWith('/') && !out.some((s) => s.path === path)) out.push({ path, param });
  }
  return out;
}

// One step per socket postfix delivers to; none when postfix delivers over no LMTP socket.
export async function postfixLmtpSteps(ctx: CheckContext): Promise<Step[]> {
  const pc = await postconf(ctx);
  if (!pc.available) return [];
  const sockets = lmtpSockets(pc.get);
  if (sockets.length === 0) return [];
  const lmtp = findService((await masterCf(ctx)).services, 'lmtp', 'unix');
  // unprivileged "n": the lmtp client runs as root and reaches what the probe reaches.
  if (lmtp?.unpriv === false) return [];
  const user = pc.get('mail_owner') || 'postfix';
  // A chrooted lmtp client (chroot y, or "-" before postfix 3.0) finds the socket under queue_directory.
  const major = Number(pc.mailVersion?.split('.')[0] ?? 3);
  const chrooted = lmtp?.chroot === true || (lmtp !== undefined && lmtp.chroot === null && major < 3);
  const root = chrooted ? (pc.get('queue_directory') ?? '/var/spool/postfix') : '';
  const inside = sockets.map((s) => ({ ...s, path: `${root}${s.path}` }));
  const view = await pathAccessView(
    ctx,
    user,
    inside.map((s) => s.path),
  );
  return inside.map(({ path, param }) => {
    const name = `${user} -> ${path}`;
    const delivers = `postfix delivers to lmtp:unix:${path} (${param})`;
    if (!view.ids) {
      return {
        name,
        status: 'crit',
        summary: `${delivers} as mail_owner ${user}, a user ${ctx.host.name} does not have`,
        hint: 'set mail_owner to the postfix account (postconf mail_owner), then postfix reload',
      };
    }
    const r = reach(view.ids, path, view.modes, 'write');
    if (r.ok) {
      if (r.target.type !== 's')
        return {
          name,
          status: 'crit',
          summary: `${delivers}, but ${path} is not a socket (${describeMode(r.target)}): local delivery is deferred`,
          hint:
            `compare ${param} with the lmtpunix listen= of cyrus.conf, and restart cyrus so it ` +
            `recreates the socket`,
        };
      return {
        name,
        status: 'ok',
        summary: `${delivers}; ${user} may connect to it (search on each directory, write)`,
      };
    }
    if (r.why === 'missing') {
      return {
        name,
        status: 'crit',
        summary: `${delivers}, but ${r.path} does not exist: local delivery is deferred`,
        hint: `start cyrus, or point ${param} at the lmtpunix listen= path of cyrus.conf, then postqueue -f`,
      };
    }
    const ids = view.ids;
    return {
      name,
      status: 'crit',
      summary:
        `${delivers}, but ${user} (uid ${ids.uid}, groups ${ids.gids.join(' ')}) may not connect: ` +
        `${r.blocker.path} is ${describeMode(r.blocker)}, no ${r.need} for ${user}; the root probe ` +
        `answers, postfix defers every local delivery`,
      hint:
        `give ${user} ${r.need} on ${r.blocker.path} (the seed: /var/lib/imap cyrus:mail 750 with ` +
        `postfix in group mail, the socket directory 755), then postqueue -f`,
    };
  });
}

// The check with postfix's own view of the socket added as steps: the worse of the two leads.
export function withPostfixAccess(check: Check): Check {
  return {
    ...check,
    proves:
      `${check.proves}; and that postfix's lmtp client, as mail_owner, may connect to the socket ` +
      `postfix delivers to`,
    async run(ctx) {
      const [probed, access] = await Promise.all([check.run(ctx), postfixLmtpSteps(ctx)]);
      return access.length === 0 ? probed : addSteps(probed, access);
    },
  };
}

function addSteps(probed: Outcome, extra: Step[]): Outcome {
  const own = probed.steps ?? [{ name: 'lmtpd', status: probed.status, summary: probed.summary, hint: probed.hint }];
  const steps = [...own, ...extra];
  const status = worst(steps.map((s) => s.status));
  if (status === probed.status) return { ...probed, steps };
  const lead = extra.find((s) => s.status === status)!;
  return { ...probed, status, summary: lead.summary, hint: lead.hint, steps };
}
