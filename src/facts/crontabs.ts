// Every crontab of a host: /etc/crontab, /etc/cron.d/* and the per-user crontabs (RHEL /var/spool/cron/USER,
// Debian /var/spool/cron/crontabs/USER), with their entries, commented-out ones included.
import { parseCrontab, type CronEntry } from '../cron/crontab.js';
import { factKey, shared, type FactContext } from './context.js';
import { dumpFiles, type DumpedFile } from './file-dump.js';

export const CRONTAB_PATTERNS = ['/etc/crontab', '/etc/cron.d/*', '/var/spool/cron/*', '/var/spool/cron/crontabs/*'];

export interface Crontabs {
  readonly files: readonly DumpedFile[];
  readonly entries: readonly CronEntry[];
}

export const CRONTABS_FACT = factKey<Crontabs>('crontabs');

export function crontabs(ctx: FactContext): Promise<Crontabs> {
  return shared(
    ctx,
    CRONTABS_FACT,
    async () => {
      const files = await dumpFiles(ctx, CRONTAB_PATTERNS, 'crontabs');
      return { files, entries: files.flatMap((f) => parseCrontab(f.path, f.text)) };
    },
    (c) => `${c.entries.length} cron entries in ${c.files.length} files`,
  );
}
