// postfix/relay-filter: the relay's port 25 hands every mail to amavis, and amavis hands it back on 10025, as in the seed.
import type { Check } from '../../../src/core/check.js';
import { fromSteps } from '../../../src/core/result.js';
import { masterCf } from '../../../src/facts/master-cf.js';
import { postconf } from '../../../src/facts/postconf.js';
import { inetListeners, type InetListener } from '../../../src/postfix/master-cf.js';
import type { Step } from '../../../src/core/result.js';
import { amavisReturn, type AmavisReturn } from './amavis.js';
import { intakeStep } from './intake.js';
import { reinjectionStep } from './reinjection.js';
import { postfixConfigured } from '../../../src/facts/requirements.js';

export const relayFilterCheck: Check = {
  id: 'postfix/relay-filter',
  title: 'amavis content filter',
  roles: ['relay'],
  proves:
    "port 25 hands mail to amavis (content_filter, no_address_mappings) and the 10025 re-injection listener takes it back unfiltered with the seed's -o set",
  catches: [
    'no smtpd on port 25: the relay accepts no mail from Exchange',
    'port 25 has no content_filter: mail reaches the servers unscanned',
    'content_filter names a transport master.cf does not define: every incoming mail defers',
    'port 25 hands mail straight to the 10025 re-injection port, bypassing amavis',
    'port 25 lacks no_address_mappings: BCC and aliases applied twice',
    'no smtpd on 10025: amavis cannot hand scanned mail back',
    'the 10025 listener inherits a content_filter: mail loops through amavis',
    'no_address_mappings on 10025 too: the archive BCC never runs',
    "the 10025 listener differs from the seed's -o set or listens beyond loopback",
    "amavisd's $forward_method names a port where postfix runs no smtpd",
  ],
  misses: [
    'amavisd down, hung, or listening elsewhere than content_filter says (service/amavis)',
    'clamd down or its signatures old: amavis tempfails (service/clamd)',
    '10025 configured but not running or refusing the relay (postfix/handoffs; telnet 127.0.0.1 10025)',
    'master.cf edited without postfix reload (the file is read, not the running master; postfix reload)',
    "mail deferred in the relay's queue behind the filter (queue/depth; mailq)",
  ],
  timeoutMs: 10_000,
  requires: [postfixConfigured],
  async run(ctx) {
    const [pc, master, back] = await Promise.all([postconf(ctx), masterCf(ctx), amavisReturn(ctx)]);
    const listeners = inetListeners(master.services);
    const intake = intakeStep(master.services, listeners, pc);
    const reinjection = reinjectionStep(listeners, pc, intake.filterPort);
    const returning = returnStep(back, listeners);
    const steps = [intake.step, reinjection, returning];
    const healthy = steps.every((s) => s.status === 'ok');
    return fromSteps(
      steps,
      healthy ? { summary: `${intake.step.summary}; ${reinjection.summary}; ${returning.summary}` } : {},
    );
  },
};

// amavisd's $forward_method must name a port where this postfix runs an smtpd, or scanned mail never comes back.
export function returnStep(back: AmavisReturn, listeners: readonly InetListener[]): Step {
  const name = 'amavis return';
  const target = `${back.host}:${back.port}`;
  const listener = listeners.find((l) => l.port === back.port && l.service.command === 'smtpd');
  if (listener) return { name, status: 'ok', summary: `amavisd returns mail to ${target} (${back.source})` };
  return {
    name,
    status: 'crit',
    summary: `amavisd returns scanned mail to ${target} (${back.source}), where master.cf runs no smtpd: every scanned mail stays deferred in amavis' hands and the relay's queue grows`,
    hint: `point $forward_method at the re-injection listener (smtp:[127.0.0.1]:10025 in the seed) and restart amavisd, or add that listener to master.cf`,
  };
}
