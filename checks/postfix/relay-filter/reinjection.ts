// The relay's 10025 listener that takes mail back from amavis: no filter (else a loop), address mappings on
// (the archive BCC happens here), and the seed's -o set.
import type { Step } from '../../../src/core/result.js';
import type { PostconfFacts } from '../../../src/facts/postconf.js';
import { isLoopback, paramSource, receiveOverrides, serviceParam } from '../../../src/postfix/content-filter.js';
import type { InetListener } from '../../../src/postfix/master-cf.js';
import { describeDrift, driftFromSeed, REINJECTION_PORT } from '../../../src/postfix/reinjection.js';

export function reinjectionStep(listeners: readonly InetListener[], pc: PostconfFacts, amavisPort?: number): Step {
  const name = `port ${REINJECTION_PORT}`;
  const candidates = listeners.filter((l) => l.port === REINJECTION_PORT && l.service.command === 'smtpd');
  const listener = candidates.find((l) => isLoopback(l.address)) ?? candidates[0];
  if (!listener) {
    return {
      name,
      status: 'crit',
      summary: `master.cf has no smtpd on ${REINJECTION_PORT}: amavis cannot hand scanned mail back, so every mail stays deferred in the relay's queue (expected 127.0.0.1:${REINJECTION_PORT} inet n - n - - smtpd with the seed's -o set)`,
      hint: `add the seed's "127.0.0.1:${REINJECTION_PORT} inet n - n - - smtpd" service with its -o lines (content_filter empty, mynetworks=127.0.0.0/8 ...) to master.cf, then postfix reload`,
    };
  }
  const s = listener.service;
  const where = `${s.name} (master.cf line ${s.line})`;
  const value = (p: string): string | undefined => serviceParam(s, p, pc.get);
  const filter = value('content_filter') ?? '';
  if (filter.trim() !== '') {
    const back = amavisPort !== undefined && filter.includes(`:${amavisPort}`) ? 'back to amavis' : `to ${filter}`;
    return {
      name,
      status: 'crit',
      summary: `mail loops through amavis: the re-injection listener ${where} hands scanned mail ${back} again (content_filter=${filter} from ${paramSource(s, 'content_filter')}), so it never leaves the relay`,
      hint: `add "-o content_filter=" under ${s.name} in master.cf, then postfix reload`,
    };
  }
  if (receiveOverrides(value('receive_override_options')).has('no_address_mappings')) {
    return {
      name,
      status: 'crit',
      summary: `server B gets no archive copies: the re-injection listener ${where} skips address mappings (receive_override_options=${value('receive_override_options')} from ${paramSource(s, 'receive_override_options')}), so recipient_bcc_maps never runs, neither before nor after amavis`,
      hint: `remove no_address_mappings from receive_override_options for ${s.name} (keep it only on port 25), then postfix reload`,
    };
  }
  const drift = driftFromSeed(value);
  const exposed = !isLoopback(listener.address);
  if (drift.length > 0 || exposed) {
    const parts = [
      ...(exposed ? [`it listens on ${listener.address ?? 'every interface'} instead of 127.0.0.1`] : []),
      ...drift.map(describeDrift),
    ];
    return {
      name,
      status: 'warn',
      summary: `the re-injection listener ${where} differs from the seed: ${parts.join('; ')}; unscanned mail may be accepted or scanned mail refused on its way back`,
      hint: `set the seed's values under ${s.name} in master.cf (${drift.map((d) => `-o ${d.name}=${d.expected}`).join(' ') || `listen on 127.0.0.1:${REINJECTION_PORT}`}), then postfix reload`,
    };
  }
  return {
    name,
    status: 'ok',
    summary: `amavis hands mail back on ${s.name} with no content_filter, address mappings on and the seed's -o set`,
  };
}
