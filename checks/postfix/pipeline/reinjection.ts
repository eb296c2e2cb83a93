// The end of the pipe: where its last program hands mail back to postfix, and that postfix takes it there.
import type { CheckContext } from '../../../src/core/check.js';
import type { Step } from '../../../src/core/result.js';
import { openerFor } from '../../../src/checkkit/probe.js';
import { smtpStep } from '../../../src/checkkit/smtp-step.js';
import type { PostconfFacts } from '../../../src/facts/postconf.js';
import { parseNextHop, serviceParam } from '../../../src/postfix/content-filter.js';
import { splitList } from '../../../src/postfix/main-cf.js';
import type { InetListener, MasterService } from '../../../src/postfix/master-cf.js';
import type { ResubmitTarget } from '../../../src/procmail/resubmit.js';

export const STEP = 're-injection';

export interface Resubmission {
  readonly via: string; // "/etc/postfix/ssmtp (procmailrc line 11)"
  readonly target: ResubmitTarget | null;
}

export async function reinjectionStep(
  ctx: CheckContext,
  r: Resubmission,
  pipe: MasterService,
  services: readonly MasterService[],
  listeners: readonly InetListener[],
  pc: PostconfFacts,
): Promise<Step> {
  const t = r.target;
  if (t === null) {
    return {
      name: STEP,
      status: 'warn',
      summary: `cannot tell where ${r.via} hands mail back to postfix (no ssmtp mailhub, msmtp host or sendmail found)`,
      hint: `check by hand that ${r.via} submits to a postfix listener (master.cf) without content_filter`,
    };
  }
  if (t.kind === 'pickup') {
    const pickup = services.find((s) => s.name === 'pickup' && s.command === 'pickup');
    if (pickup) {
      const where = `master.cf line ${pickup.line}`;
      return { name: STEP, status: 'ok', summary: `${r.via} hands mail back through postdrop to pickup (${where})` };
    }
    return {
      name: STEP,
      status: 'crit',
      summary:
        `${r.via} hands mail back through sendmail, but master.cf runs no pickup service: mail from the ` +
        `${pipe.name} pipe stays in the maildrop queue`,
      hint: 'restore the "pickup unix n - n 60 1 pickup" line (fifo on postfix 2.x) in master.cf, then postfix reload',
    };
  }
  const target = `${t.host}:${t.port}`;
  const listener = listeners.find(
    (l) => l.port === t.port && l.service.command === 'smtpd' && listensOn(l, t.host, pc),
  );
  if (!listener) {
    return {
      name: STEP,
      status: 'crit',
      summary:
        `${r.via} hands mail back to ${target} (${t.source}), where master.cf runs no smtpd: every mail ` +
        `through the ${pipe.name} pipe is logged as sent and then lost`,
      hint:
        `restore the ${target} smtpd service in master.cf (the seed: "localhost:${t.port} inet n - n - ` +
        `- smtpd" with its -o lines), then postfix reload`,
    };
  }
  const filter = parseNextHop(serviceParam(listener.service, 'content_filter', pc.get) ?? '');
  if (filter?.transport === pipe.name) {
    return {
      name: STEP,
      status: 'crit',
      summary:
        `mail loops: ${r.via} hands mail back to ${listener.service.name} (master.cf line ` +
        `${listener.service.line}), whose content_filter is the ${pipe.name} pipe again`,
      hint: `add "-o content_filter=" under ${listener.service.name} in master.cf, then postfix reload`,
    };
  }
  const step = await smtpStep(ctx, {
    name: STEP,
    what: 'smtpd',
    service: 'postfix',
    target,
    open: openerFor(ctx, t.host, t.port),
  });
  if (step.status === 'ok')
    return { ...step, summary: `${r.via} hands mail back to ${target} (${t.source}): ${step.summary}` };
  return {
    ...step,
    summary:
      `${r.via} hands mail back to ${target}, but ${step.summary}: mail through the ${pipe.name} pipe ` +
      `is logged as sent and then lost`,
  };
}

// A listener without an address binds to every inet_interfaces address; "all" means every address. localhost is
// 127.0.0.1 (the lab's hosts live on other 127.0.10.x addresses, so the loopback range is not one address).
function listensOn(l: InetListener, host: string, pc: PostconfFacts): boolean {
  const norm = (a: string): string => {
    const v = a.replace(/^\[|\]$/g, '').toLowerCase();
    return v === 'localhost' || v === 'loopback-only' ? '127.0.0.1' : v;
  };
  const target = norm(host);
  if (l.address !== undefined) return norm(l.address) === target || l.address === '0.0.0.0';
  const interfaces = splitList(pc.expand(pc.get('inet_interfaces') ?? 'all')).map(norm);
  return interfaces.includes('all') || interfaces.includes(target);
}
