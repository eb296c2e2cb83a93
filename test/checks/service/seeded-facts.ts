// Facts as the fact functions would have computed them on a host, pointing at the test's own daemons.
import { cyrusServices, parseCyrusConf } from '../../../src/cyrus/cyrus-conf.js';
import { makeFacts } from '../../../src/facts/postconf.js';
import { parseMasterCf } from '../../../src/postfix/master-cf.js';

export function postfixFacts(mainCf: Readonly<Record<string, string>>, masterCf: string): Record<string, unknown> {
  return {
    postconf: makeFacts('postconf', new Map(Object.entries(mainCf)), '/etc/postfix', '3.7.11', new Map()),
    'master.cf': { path: '/etc/postfix/master.cf', found: true, services: parseMasterCf(masterCf) },
  };
}

export function cyrusFacts(cyrusConf: string): Record<string, unknown> {
  const conf = parseCyrusConf(cyrusConf);
  return { 'cyrus.conf': { conf, services: cyrusServices(conf) } };
}
