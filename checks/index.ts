// The catalogue: every check oxdoctor runs, in display order. Adding a check is one line here.
import { groupOf, type Check } from '../src/core/check.js';
import { clockCheck } from './host/clock.js';
import { diskCheck } from './host/disk/index.js';
import { sshCheck } from './host/ssh.js';
import { kinitCheck } from './identity/kinit.js';
import { ldapMapsCheck } from './routing/ldap-maps/index.js';
import { ajpCheck } from './service/ajp.js';
import { amavisCheck } from './service/amavis.js';
import { clamdCheck } from './service/clamd/index.js';
import { httpCheck } from './service/http.js';
import { imapCheck } from './service/imap.js';
import { ldapCheck } from './service/ldap.js';
import { foldersCheck } from './mailbox/folders.js';
import { imapLoginCheck } from './mailbox/imap-login/index.js';
import { sentAclSweepCheck } from './mailbox/sent-acl-sweep/index.js';
import { sentAclCheck } from './mailbox/sent-acl.js';
import { sieveScriptCheck } from './mailbox/sieve-script.js';
import { lmtpCheck } from './service/lmtp/index.js';
import { mysqlCheck } from './service/mysql.js';
import { sieveCheck } from './service/sieve.js';
import { smtpCheck } from './service/smtp/index.js';
import { listuserCheck } from './ox/listuser/index.js';
import { syncCoverageCheck } from './ox/sync-coverage.js';
import { ldapsyncLogCheck } from './ox/ldapsync-log.js';
import { depthCheck } from './queue/depth/index.js';
import { oxJobsCheck } from './cron/ox-jobs.js';
import { ajpRoutesCheck } from './cluster/ajp-routes.js';
import { vipCheck } from './cluster/vip.js';
import { mapFreshnessCheck } from './postfix/map-freshness.js';
import { relayFilterCheck } from './postfix/relay-filter/index.js';
import { archiveCopyCheck } from './postfix/archive-copy/index.js';
import { sentCopyCheck } from './postfix/sent-copy/index.js';
import { pipelineCheck } from './postfix/pipeline/index.js';
import { seedDriftCheck } from './config/seed-drift/index.js';
import { handoffsCheck } from './postfix/handoffs/index.js';

export const checks: readonly Check[] = [
  sshCheck,
  clockCheck,
  diskCheck,
  smtpCheck,
  amavisCheck,
  clamdCheck,
  imapCheck,
  lmtpCheck,
  sieveCheck,
  ajpCheck,
  httpCheck,
  mysqlCheck,
  ldapCheck,
  listuserCheck,
  syncCoverageCheck,
  ldapsyncLogCheck,
  kinitCheck,
  ldapMapsCheck,
  imapLoginCheck,
  foldersCheck,
  sentAclCheck,
  sieveScriptCheck,
  sentAclSweepCheck,
  depthCheck,
  mapFreshnessCheck,
  relayFilterCheck,
  archiveCopyCheck,
  sentCopyCheck,
  pipelineCheck,
  handoffsCheck,
  oxJobsCheck,
  ajpRoutesCheck,
  vipCheck,
  seedDriftCheck,
];

export function checkById(id: string): Check | undefined {
  return checks.find((c) => c.id === id);
}

// "service/smtp" selects one check, "service" its whole group; unknown selectors select nothing.
export function selectChecks(selectors: readonly string[]): Check[] {
  if (selectors.length === 0) return [...checks];
  return checks.filter((c) => selectors.some((s) => c.id === s || groupOf(c.id) === s));
}

export function unknownSelectors(selectors: readonly string[]): string[] {
  return selectors.filter((s) => !checks.some((c) => c.id === s || groupOf(c.id) === s));
}
