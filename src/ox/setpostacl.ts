// What the seed does about Sent Items ACLs: /opt/open-xchange/sbin/setpostacl, run from /etc/cron.d/ox.
export const SETPOSTACL = '/opt/open-xchange/sbin/setpostacl';
export const OX_CRON = '/etc/cron.d/ox';
export const SENT_ITEMS = 'Sent Items';

export const ARCHIVE_CONSEQUENCE = 'archive copies (user+Sent Items@) cannot be posted there and land in INBOX instead';

// The active (uncommented) cron line that runs setpostacl, or undefined.
export function setpostaclCronLine(cronText: string): string | undefined {
  return cronText
    .split(/\r?\n/)
    .find((l) => !/^\s*#/.test(l) && /\bsetpostacl\b/.test(l))
    ?.trim();
}
