// The relay's port 25: content_filter to amavis, a transport that exists, address mappings left for later.
import type { Step } from '../../../src/core/result.js';
import type { PostconfFacts } from '../../../src/facts/postconf.js';
import { paramSource, parseNextHop, receiveOverrides, serviceParam } from '../../../src/postfix/content-filter.js';
import { findService, type InetListener, type MasterService } from '../../../src/postfix/master-cf.js';
import { REINJECTION_PORT } from '../../../src/postfix/reinjection.js';

const SEED_FILTER = 'smtp-amavis:[127.0.0.1]:10024';
const NAME = 'port 25';

export function intakeStep(
  services: readonly MasterService[],
  listeners: readonly InetListener[],
  pc: PostconfFacts,
): { step: Step; filterPort?: number } {
  const listener = listeners.find((l) => l.port === 25 && ['smtpd', 'postscreen'].includes(l.service.command));
  if (!listener) {
    return {
      step: {
        name: NAME,
        status: 'crit',
        summary:
          'master.cf has no smtpd on port 25: the relay accepts no mail from Exchange, so nothing reaches amavis or the servers behind it',
        hint: 'restore the "smtp inet n - n - - smtpd" line with -o content_filter=smtp-amavis:[127.0.0.1]:10024 and -o receive_override_options=no_address_mappings in master.cf, then postfix reload',
      },
    };
  }
  // postscreen hands accepted sessions to the "smtpd pass" service; that one runs the filter.
  const smtpd =
    listener.service.command === 'postscreen'
      ? (findService(services, 'smtpd', 'pass') ?? listener.service)
      : listener.service;
  const where = `${listener.service.name} (master.cf line ${listener.service.line})`;
  const filter = serviceParam(smtpd, 'content_filter', pc.get) ?? '';
  const hop = parseNextHop(pc.expand(filter));
  if (!hop) {
    return {
      step: {
        name: NAME,
        status: 'crit',
        summary: `mail is not scanned: port 25 ${where} has no content_filter, so mail from Exchange goes to the servers without passing amavis (expected content_filter=${SEED_FILTER})`,
        hint: `add "-o content_filter=${SEED_FILTER}" under the smtp service in master.cf, then postfix reload`,
      },
    };
  }
  const transport = findService(services, hop.transport);
  if (!transport) {
    return {
      step: {
        name: NAME,
        status: 'crit',
        summary: `port 25 ${where} filters through transport "${hop.transport}" (content_filter=${filter}), which master.cf does not define: postfix defers every incoming mail (unknown mail transport)`,
        hint: `define "${hop.transport} unix - - n - 2 smtp" with the seed's -o options in master.cf, or correct content_filter, then postfix reload`,
      },
      filterPort: hop.port,
    };
  }
  if (hop.port === REINJECTION_PORT) {
    return {
      step: {
        name: NAME,
        status: 'crit',
        summary: `mail is not scanned: port 25 ${where} hands mail to ${hop.nexthop}, postfix's own re-injection port, instead of amavis on 10024 (content_filter=${filter})`,
        hint: `set content_filter=${SEED_FILTER} (amavis' $inet_socket_port) on the smtp service, then postfix reload`,
      },
      filterPort: hop.port,
    };
  }
  const overrides = receiveOverrides(serviceParam(smtpd, 'receive_override_options', pc.get));
  const filterText = `content_filter=${filter} (${paramSource(smtpd, 'content_filter')})`;
  if (!overrides.has('no_address_mappings')) {
    return {
      step: {
        name: NAME,
        status: 'warn',
        summary: `port 25 ${where} runs address mappings before amavis scans (receive_override_options lacks no_address_mappings): the archive BCC and virtual aliases are applied twice, before and after scanning (seed: -o receive_override_options=no_address_mappings)`,
        hint: 'add "-o receive_override_options=no_address_mappings" under the smtp service in master.cf, then postfix reload',
      },
      filterPort: hop.port,
    };
  }
  return {
    step: {
      name: NAME,
      status: 'ok',
      summary: `port 25 hands mail to amavis via ${filterText} with no_address_mappings`,
    },
    filterPort: hop.port,
  };
}
