// Which paths host/disk looks at, read from the host's own config: postfix's queue_directory, cyrus's
// configdirectory and partitions from imapd.conf, /var/log, and the OX filestore.
import type { CheckContext } from '../../../src/core/check.js';
import { imapdConf } from '../../../src/facts/imapd-conf.js';
import { readText } from '../../../src/facts/read-text.js';
import { parseMainCf } from '../../../src/postfix/main-cf.js';

export interface DiskPath {
  readonly path: string;
  readonly what: string; // "postfix queue_directory", "cyrus partition-default"
}

// The OX filestore's location lives in the configdb (filestore.uri, set by registerfilestore), which
// oxdoctor does not query: these are the seed's path and OX's default, looked at where they exist.
export const FILESTORE_PATHS = ['/u01/open-xchange/filestore', '/var/opt/filestore'];

export async function diskPaths(ctx: CheckContext): Promise<DiskPath[]> {
  // main.cf read as a file, not through postconf: host/disk runs on every host and is cheap; two postconf
  // runs per host cost it most of its time when nothing else in the sweep needs them.
  const [mainCf, imapd] = await Promise.all([readText(ctx, '/etc/postfix/main.cf'), imapdConf(ctx)]);
  const out: DiskPath[] = [];
  const queue = mainCf ? (parseMainCf(mainCf.text).params.get('queue_directory') ?? '/var/spool/postfix') : undefined;
  if (queue?.startsWith('/')) out.push({ path: queue, what: 'postfix queue_directory' });
  // Debian leaves a default imapd.conf wherever the cyrus package is installed: only groupware hosts store mail.
  if (imapd && ctx.host.roles.includes('groupware')) {
    const config = imapd.options.get('configdirectory');
    if (config?.startsWith('/')) out.push({ path: config, what: 'cyrus configdirectory' });
    for (const [key, value] of imapd.options) {
      if (/^(meta)?partition-/.test(key) && value.startsWith('/')) out.push({ path: value, what: `cyrus ${key}` });
    }
  }
  out.push({ path: '/var/log', what: 'logs' });
  for (const path of FILESTORE_PATHS) out.push({ path, what: 'OX filestore' });
  // One entry per path: the first reason wins.
  return out.filter((p, i) => out.findIndex((q) => q.path === p.path) === i);
}
