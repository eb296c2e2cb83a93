// The seed's amavisd.conf table (the relay's /etc/amavisd/amavisd.conf): keys as amavisd.conf writes them.
import type { Comparison, SeedSetting } from './types.js';

function amavis(
  key: string,
  expected: string | null,
  comparison: Comparison,
  severity: SeedSetting['severity'],
  risk: string,
  reason: string,
): SeedSetting {
  return {
    id: `amavisd.conf/${key}`,
    roles: ['relay'],
    source: 'amavisd.conf',
    key,
    expected,
    comparison,
    severity,
    risk,
    reason,
  };
}

const SPAM_LEVEL = 'the level where mail is marked as spam';

export const AMAVIS_SETTINGS: readonly SeedSetting[] = [
  amavis(
    '$inet_socket_port',
    '10024',
    'number',
    'crit',
    "postfix's content_filter finds no amavis: mail on port 25 is deferred",
    'on what port amavis is listening on',
  ),
  amavis(
    '$sa_tag_level_deflt',
    '2.0',
    'number',
    'warn',
    'spam headers are added from another score',
    'the level above which amavis starts adding spamassassin headers, even if not spam',
  ),
  amavis('$sa_tag2_level_deflt', '6.31', 'number', 'warn', 'mail is marked as spam at another score', SPAM_LEVEL),
  amavis('$sa_kill_level_deflt', '6.31', 'number', 'warn', 'mail is marked as spam at another score', SPAM_LEVEL),
  amavis(
    '$sa_mail_body_size_limit',
    '1024*1024',
    'number',
    'warn',
    'spam scanning uses more memory, or skips big mail',
    'scanning for spam consumes a lot of memory and spam mail is not very big, anyway',
  ),
  amavis(
    '$sa_local_tests_only',
    '1',
    'switch',
    'warn',
    'spamassassin queries RBL lists over the internet, which the servers lack: scans stall',
    'do only tests which do not require an internet connection (e.g. querying RBL or DUL lists)',
  ),
  // The seed writes 'smtp: [127.0.0.1]:10025'; amavisd reads it without the space, so whitespace is ignored.
  amavis(
    '$notify_method',
    'smtp:[127.0.0.1]:10025',
    'nospace',
    'warn',
    "amavis' notifications do not reach postfix",
    'where to send mail back',
  ),
  amavis(
    '$forward_method',
    'smtp:[127.0.0.1]:10025',
    'nospace',
    'crit',
    'scanned mail is not handed back to postfix on 10025: it is deferred in amavis',
    'where to send mail back',
  ),
  amavis(
    '$final_spam_destiny',
    'D_PASS',
    'exact',
    'crit',
    'mail marked as spam is quarantined, bounced or discarded instead of delivered',
    'when mail is marked as spam, PASS it through instead of quarantining it to local disc, which is the default',
  ),
  amavis(
    '$bad_header_quarantine_to',
    'undef',
    'exact',
    'warn',
    'mail with non RFC compliant headers is quarantined',
    'do not quarantine mail with non RFC compliant headers',
  ),
  amavis(
    '@bypass_virus_checks_maps',
    null,
    'exact',
    'warn',
    'virus scanning is off',
    'if either spam or virus scanning should be turned off temporarily, remove the hash sign',
  ),
  amavis(
    '@bypass_spam_checks_maps',
    null,
    'exact',
    'warn',
    'spam scanning is off',
    'if either spam or virus scanning should be turned off temporarily, remove the hash sign',
  ),
];
