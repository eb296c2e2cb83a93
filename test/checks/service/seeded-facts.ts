// Facts as the fact functions would have computed them on a host, pointing at the test's own daemons.
import { cyrusServices, parseCyrusConf } from '../../../src/cyrus/cyrus-conf.js';
import { CYRUS_CONF_FACT } from '../../../src/facts/cyrus-conf.js';
import { MASTER_CF_FACT } from '../../../src/facts/master-cf.js';
import { makeFacts, POSTCONF_FACT } from '../../../src/facts/postconf.js';
import { parseMasterCf } from '../../../src/postfix/master-cf.js';
import { seed } from '../../facts/seed.js';

export function postfixFacts(mainCf: Readonly<Record<string, string>>, masterCf: string): Record<string, unknown> {
  return {
    ...seed(POSTCONF_FACT, makeFacts('postconf', new Map(Object.entries(mainCf)), '/etc/postfix', '3.7.11', new Map())),
    ...seed(MASTER_CF_FACT, { path: '/etc/postfix/master.cf', found: true, services: parseMasterCf(masterCf) }),
  };
}

export function cyrusFacts(cyrusConf: string): Record<string, unknown> {
  const conf = parseCyrusConf(cyrusConf);
  return seed(CYRUS_CONF_FACT, { conf, services: cyrusServices(conf) });
}
