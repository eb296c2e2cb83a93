// Server B's half of the archive copy: copyfix reverts the relay's rewrite first, and the sent-copy listener
// (:10026) files server A's copies through its own cleanup whose virtual_alias_maps is adcopyfix.
import type { Step } from '../../../src/core/result.js';
import type { MasterCfFacts } from '../../../src/facts/master-cf.js';
import type { PostconfFacts } from '../../../src/facts/postconf.js';
import { tableRefs, type TableRef } from '../../../src/postfix/main-cf.js';
import { findService, inetListeners } from '../../../src/postfix/master-cf.js';

const SENT_COPY_PORT = 10026;

export function copyfixStep(pc: PostconfFacts): Step {
  const name = 'copyfix';
  const maps = tableRefs(pc.get('virtual_alias_maps') ?? '');
  const index = maps.findIndex(isCopyfix);
  const fallback = index === -1 ? maps.findIndex((t) => t.type === 'pcre' || t.type === 'regexp') : index;
  const listed = maps.map((t) => t.text).join(' ') || '(empty)';
  if (fallback === -1) {
    return {
      name,
      status: 'crit',
      summary: `virtual_alias_maps on server B has no copyfix map (${listed}): the relay's copies addressed to the archive domain (@serverb.example.com in the seed) are never turned back into the users' addresses, so they do not reach the archive mailboxes`,
      hint: 'put pcre:/etc/postfix/copyfix (/^(.*?)@serverb.example.com$/ ${1}@oxmail.example.com) first in virtual_alias_maps, then postfix reload',
    };
  }
  const copyfix = maps[fallback]!;
  if (fallback > 0) {
    const before = maps
      .slice(0, fallback)
      .map((t) => t.text)
      .join(', ');
    const rest = [copyfix, ...maps.filter((_, i) => i !== fallback)].map((t) => t.text).join(' ');
    return {
      name,
      status: 'crit',
      summary: `copyfix is not first: ${copyfix.text} is entry ${fallback + 1} of virtual_alias_maps, after ${before}; the archive copies (addressed to @serverb.example.com in the seed) are looked up there first and an answer there wins over copyfix's revert (seed: copyfix must be the first virtual alias map)`,
      hint: `postconf -e 'virtual_alias_maps = ${rest}' on server B, then postfix reload`,
    };
  }
  return { name, status: 'ok', summary: `${copyfix.text} is the first virtual alias map` };
}

export function sentCopyListenerStep(master: MasterCfFacts): Step {
  const name = `port ${SENT_COPY_PORT}`;
  const listeners = inetListeners(master.services).filter((l) => l.service.command === 'smtpd');
  const withOwnMaps = listeners.find((l) => {
    const cleanup = l.overrides.get('cleanup_service_name');
    return cleanup !== undefined && findService(master.services, cleanup, 'unix')?.overrides.has('virtual_alias_maps');
  });
  const listener = listeners.find((l) => l.port === SENT_COPY_PORT) ?? withOwnMaps;
  const seed = `:${SENT_COPY_PORT} inet n - n - - smtpd -o cleanup_service_name=copycleanup, and copycleanup unix n - n - 0 cleanup -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix`;
  if (!listener) {
    return {
      name,
      status: 'crit',
      summary: `server B has no smtpd on ${SENT_COPY_PORT}: the sent-mail copies server A sends there defer and never reach the users' Sent Items (seed: ${seed})`,
      hint: `add the seed's services to master.cf (${seed}), then postfix reload`,
    };
  }
  const where = `${listener.service.name} (master.cf line ${listener.service.line})`;
  const cleanupName = listener.overrides.get('cleanup_service_name');
  if (!cleanupName) {
    return {
      name,
      status: 'crit',
      summary: `${where} uses the normal cleanup: server A's sent-mail copies skip adcopyfix and land in the senders' INBOX instead of Sent Items (seed: -o cleanup_service_name=copycleanup)`,
      hint: `add "-o cleanup_service_name=copycleanup" under ${listener.service.name} and the copycleanup service (${seed}), then postfix reload`,
    };
  }
  const cleanup = findService(master.services, cleanupName, 'unix');
  if (!cleanup) {
    return {
      name,
      status: 'crit',
      summary: `${where} hands mail to cleanup service ${cleanupName}, which master.cf does not define: every sent-mail copy from server A defers`,
      hint: `define "${cleanupName} unix n - n - 0 cleanup -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix" in master.cf, then postfix reload`,
    };
  }
  const maps: TableRef[] = tableRefs(cleanup.overrides.get('virtual_alias_maps') ?? '');
  const ldap = maps.find((t) => /adcopyfix/i.test(t.name)) ?? maps.find((t) => t.type === 'ldap');
  if (!ldap) {
    return {
      name,
      status: 'crit',
      summary: `cleanup service ${cleanupName} (master.cf line ${cleanup.line}) has no LDAP virtual_alias_maps of its own (${maps.map((t) => t.text).join(' ') || 'none'}): server A's sent-mail copies are not mapped to <user>+Sent Items and land in the INBOX (seed: -o virtual_alias_maps=ldap:/etc/postfix/adcopyfix)`,
      hint: `add "-o virtual_alias_maps=ldap:/etc/postfix/adcopyfix" under ${cleanupName} in master.cf, then postfix reload`,
    };
  }
  return {
    name,
    status: 'ok',
    summary: `${listener.service.name} files sent-mail copies through ${cleanupName} with ${ldap.text}`,
  };
}

// The seed's copyfix by file name; "adcopyfix" is the other map and does not count.
function isCopyfix(t: TableRef): boolean {
  const base = t.name.slice(t.name.lastIndexOf('/') + 1);
  return /^copyfix(\.|$)/i.test(base);
}
