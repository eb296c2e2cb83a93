// The seed's master.cf services and their -o overrides, per host (the relay, server B, server A).
import type { Role } from '../core/host.js';
import type { Comparison, SeedSetting, ServiceRef } from './types.js';

interface Override {
  readonly key: string;
  readonly expected: string;
  readonly comparison?: Comparison;
  readonly severity: SeedSetting['severity'];
  readonly risk: string;
}

function service(
  roles: readonly Role[],
  ref: ServiceRef,
  reason: string,
  overrides: readonly Override[],
  idPrefix = `master.cf/${ref.name}`,
): SeedSetting[] {
  return overrides.map((o) => ({
    id: `${idPrefix}/${o.key}`,
    roles,
    source: 'master.cf',
    key: o.key,
    expected: o.expected,
    comparison: o.comparison ?? 'exact',
    service: ref,
    severity: o.severity,
    risk: o.risk,
    reason,
  }));
}

const SMTPD_INET: ServiceRef = { name: 'smtp', type: 'inet' };
const NOT_SCANNED = 'mail on port 25 is no longer scanned by amavis';

export const MASTER_CF_SETTINGS: readonly SeedSetting[] = [
  ...service(['relay'], SMTPD_INET, 'mail that reaches postfix on port 25 is directly submitted to amavis', [
    { key: 'content_filter', expected: 'smtp-amavis:[127.0.0.1]:10024', severity: 'crit', risk: NOT_SCANNED },
    {
      key: 'receive_override_options',
      expected: 'no_address_mappings',
      comparison: 'list',
      severity: 'warn',
      risk: 'address mappings run twice (before and after amavis): duplicate archive copies',
    },
  ]),
  ...service(
    ['relay'],
    { name: 'smtp-amavis', type: 'unix' },
    'the transport that hands mail to amavis (smtp_data_done_timeout, xforward, no DNS, max_use)',
    [
      {
        key: 'smtp_data_done_timeout',
        expected: '1200',
        comparison: 'seconds',
        severity: 'warn',
        risk: 'slow scans of big mail time out and are retried',
      },
      {
        key: 'smtp_send_xforward_command',
        expected: 'yes',
        comparison: 'switch',
        severity: 'warn',
        risk: "amavis no longer sees the original client's name and address",
      },
      {
        key: 'disable_dns_lookups',
        expected: 'yes',
        comparison: 'switch',
        severity: 'warn',
        risk: 'the hand-off to amavis depends on DNS',
      },
      {
        key: 'max_use',
        expected: '20',
        comparison: 'number',
        severity: 'warn',
        risk: 'amavis connections reused differently',
      },
    ],
  ),
  ...service(
    ['relay'],
    { name: '127.0.0.1:10025', type: 'inet', port: 10025 },
    'when amavis is done, it sends mail back to postfix on port 10025',
    [
      {
        key: 'local_recipient_maps',
        expected: '',
        severity: 'warn',
        risk: 'scanned mail is checked for recipients again',
      },
      {
        key: 'relay_recipient_maps',
        expected: '',
        severity: 'warn',
        risk: 'scanned mail is checked for recipients again',
      },
      {
        key: 'smtpd_restriction_classes',
        expected: '',
        severity: 'warn',
        risk: 'restriction classes apply to scanned mail',
      },
      {
        key: 'smtpd_delay_reject',
        expected: 'no',
        comparison: 'switch',
        severity: 'warn',
        risk: 'rejections come later',
      },
      {
        key: 'smtpd_client_restrictions',
        expected: 'permit_mynetworks,reject',
        comparison: 'list',
        severity: 'crit',
        risk: 'amavis may be refused handing scanned mail back, or anyone may inject unscanned mail',
      },
      { key: 'smtpd_helo_restrictions', expected: '', severity: 'warn', risk: 'HELO restrictions apply to amavis' },
      { key: 'smtpd_sender_restrictions', expected: '', severity: 'warn', risk: 'sender restrictions apply to amavis' },
      {
        key: 'smtpd_recipient_restrictions',
        expected: 'permit_mynetworks,reject',
        comparison: 'list',
        severity: 'crit',
        risk: 'amavis may be refused handing scanned mail back, or anyone may relay through 10025',
      },
      { key: 'mynetworks_style', expected: 'host', severity: 'warn', risk: 'more than this host counts as trusted' },
      {
        key: 'mynetworks',
        expected: '127.0.0.0/8',
        comparison: 'list',
        severity: 'crit',
        risk: 'other networks may inject unscanned mail, or amavis is refused',
      },
    ],
  ),
  // Server A and server B: port 25 and 465 go through procmail (the disclaimer)
  ...service(['groupware'], SMTPD_INET, 'mail submitted to port 25 is piped to procmail (disclaimer, archive copy)', [
    {
      key: 'content_filter',
      expected: 'procmail:procmail',
      severity: 'crit',
      risk: 'mail skips procmail and the 11025 re-injection: no disclaimer and no sent copy to server B',
    },
  ]),
  ...service(['archive'], SMTPD_INET, 'mail submitted to port 25 is piped to procmail (disclaimer)', [
    { key: 'content_filter', expected: 'procmail:procmail', severity: 'warn', risk: 'mail gets no disclaimer' },
  ]),
  ...service(['groupware', 'archive'], { name: 'smtps', type: 'inet' }, 'port 465: TLS wrapper mode, then procmail', [
    {
      key: 'smtpd_tls_wrappermode',
      expected: 'yes',
      comparison: 'switch',
      severity: 'crit',
      risk: 'clients on port 465 expect TLS at once and cannot send',
    },
    { key: 'content_filter', expected: 'procmail:procmail', severity: 'warn', risk: 'mail on 465 skips procmail' },
  ]),
  ...service(
    ['groupware'],
    { name: 'localhost:11025', type: 'inet', port: 11025 },
    'procmail sends mail back to port 11025, whose cleanup adds the sent copy for server B',
    [
      {
        key: 'cleanup_service_name',
        expected: 'archivecleanup',
        severity: 'crit',
        risk: 'sent mail gets no archive copy to server B',
      },
    ],
  ),
  ...service(
    ['groupware'],
    { name: 'archivecleanup', type: 'unix' },
    'a copy of every mail originated from Open-Xchange or Outlook must be sent to the Sent Items folder of server B',
    [
      {
        key: 'sender_bcc_maps',
        expected: 'pcre:/etc/postfix/archive_sentmail',
        comparison: 'list',
        severity: 'crit',
        risk: 'sent mail gets no archive copy to server B',
      },
    ],
  ),
  ...service(
    ['archive'],
    { name: ':10026', type: 'inet', port: 10026 },
    'server A sends a copy of every sent mail to port 10026; these must be put into the Sent Items folder',
    [
      {
        key: 'cleanup_service_name',
        expected: 'copycleanup',
        severity: 'crit',
        risk: 'sent copies land in INBOX, where ipurge deletes them after 7 days',
      },
    ],
  ),
  ...service(
    ['archive'],
    { name: 'copycleanup', type: 'unix' },
    'a different cleanup service using a special LDAP virtual table (adcopyfix) files sent copies',
    [
      {
        key: 'virtual_alias_maps',
        expected: 'ldap:/etc/postfix/adcopyfix',
        comparison: 'list',
        severity: 'crit',
        risk: 'sent copies land in INBOX, where ipurge deletes them after 7 days',
      },
    ],
  ),
];
