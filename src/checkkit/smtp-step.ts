// One SMTP/LMTP listener probed and judged: greeting name sane (and as configured), EHLO answered.
import type { CheckContext } from '../core/check.js';
import type { Step } from '../core/result.js';
import { probeSmtp, type SmtpInfo } from '../protocols/smtp.js';
import type { Opener } from '../protocols/types.js';
import { probeStep, remainingMs } from './probe.js';

export interface SmtpProbeSpec {
  readonly name: string; // step name
  readonly what: string; // "smtpd smtp", "amavisd", "lmtpd"
  readonly service: string; // daemon for hints
  readonly target: string;
  readonly open: Opener;
  readonly lmtp?: boolean;
  readonly expectName?: string;
  // amavisd greets as "[127.0.0.1]" by default: only postfix listeners must greet with an FQDN.
  readonly anyName?: boolean;
}

export async function smtpStep(ctx: CheckContext, spec: SmtpProbeSpec): Promise<Step> {
  const result = await probeSmtp(spec.open, { lmtp: spec.lmtp, signal: ctx.signal, timeoutMs: remainingMs(ctx) });
  return probeStep(ctx, { ...spec, ok: (v) => judge(spec, v) }, result);
}

const SANE_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

function judge(spec: SmtpProbeSpec, v: SmtpInfo): Pick<Step, 'status' | 'summary' | 'hint'> {
  const hello = spec.lmtp ? 'LHLO' : 'EHLO';
  const name = v.greetingHost;
  if (spec.expectName && name.toLowerCase() !== spec.expectName.toLowerCase()) {
    return {
      status: 'warn',
      summary: `${spec.what} at ${spec.target} greets as "${name}", expected "${spec.expectName}" (myhostname)`,
      hint: `peers that check the greeting (server B, "greeting me with my own hostname") may refuse mail: check myhostname and -o myhostname in master.cf`,
    };
  }
  if (!spec.lmtp && !spec.anyName && !SANE_NAME.test(name)) {
    return {
      status: 'warn',
      summary: `${spec.what} at ${spec.target} greets as "${name}", expected a fully qualified host name`,
      hint: 'set myhostname (or -o myhostname= for this service) to the FQDN peers know this host by',
    };
  }
  return {
    status: 'ok',
    summary: `${spec.what} at ${spec.target} greets as ${name} and answers ${hello} with ${v.capabilities.length} capabilities`,
  };
}
