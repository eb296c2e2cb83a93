// What postfix's main.cf says about routing a recipient (virtual_alias_maps, local_recipient_maps,
// transport_maps, mydestination, myorigin, relayhost, mailbox_transport), for recipient-route's evaluation: shared by
// routing/ldap-maps and oxdoctor user's routing.
import type { PostconfFacts } from '../facts/postconf.js';
import { splitList, type TableRef } from '../postfix/main-cf.js';
import type { MapUse } from '../postfix/map-inventory.js';
import type { RouteConfig } from '../postfix/recipient-route.js';

export function routeConfig(pc: PostconfFacts, uses: readonly MapUse[]): RouteConfig {
  const main = (param: string): TableRef[] =>
    uses
      .filter((u) => u.param === param && !u.service)
      .sort((a, b) => a.position - b.position)
      .map((u) => u.ref);
  const value = (name: string, dflt: string): string => pc.expand(pc.get(name) ?? dflt);
  return {
    virtualAliasMaps: main('virtual_alias_maps'),
    localRecipientMaps: pc.params.has('local_recipient_maps') ? main('local_recipient_maps') : null,
    transportMaps: main('transport_maps'),
    localDomains: splitList(value('mydestination', '$myhostname, localhost.$mydomain, localhost'))
      .filter((d) => !d.includes(':') && !d.startsWith('/'))
      .map((d) => d.toLowerCase()),
    myorigin: value('myorigin', '$myhostname').toLowerCase(),
    relayhost: value('relayhost', ''),
    mailboxTransport: value('mailbox_transport', ''),
  };
}
