// oxldapsync confs and mapping files, and postfix's LDAP map definitions.
import type { CheckContext } from '../../../src/core/check.js';
import { postconf } from '../../../src/facts/postconf.js';
import { SYNC_CONF_PATHS, syncSetups } from '../../../src/facts/sync-confs.js';
import { parseMainCf } from '../../../src/postfix/main-cf.js';
import { parseSyncConf } from '../../../src/ox/ldapsync-conf.js';
import type { SeedSetting } from '../../../src/seed/types.js';
import { lineOf, readOnce } from './file-readers.js';
import type { Observation, Once } from './observation.js';

const SYNC_DIR = SYNC_CONF_PATHS[0]!.slice(0, SYNC_CONF_PATHS[0]!.lastIndexOf('/'));

export async function readLdapsync(ctx: CheckContext, s: SeedSetting, once: Once): Promise<Observation> {
  const setups = await once('sync', () => syncSetups(ctx));
  if (setups.length === 0) return { notHere: 'no oxldapsync confs' };
  const file = s.file!;
  const base = (p: string | null): string => (p ?? '').slice((p ?? '').lastIndexOf('/') + 1);
  const conf = setups.find((x) => x.name === file);
  const mapping = setups.find((x) => base(x.mappingPath) === file);
  const path = conf?.path ?? mapping?.mappingPath ?? `${SYNC_DIR}/${file}`;
  let values = conf?.conf ?? mapping?.mapping ?? null;
  if (!conf && !mapping) {
    // A mapping file no conf names by mappingfile = (the seed's layout): read it where the seed keeps it.
    const text = await readOnce(ctx, path);
    if (text === null) return { notHere: `no ${path}` };
    values = parseSyncConf(text);
  }
  if (!values) return { notHere: `no ${path}` };
  return {
    label: `${s.key} in ${file}`,
    expected: s.expected,
    value: values.get(s.key.toLowerCase()),
    where: path,
    fix: (v) => `set ${s.key} = "${v ?? ''}" in ${path}; the next oxldapsync run applies it`,
  };
}

export async function readLdapMap(ctx: CheckContext, s: SeedSetting, once: Once): Promise<Observation> {
  const pc = await once('postconf', () => postconf(ctx));
  if (!pc.available) return { notHere: 'no postfix configuration' };
  const path = `${pc.configDirectory}/${s.file!}`;
  const file = await readOnce(ctx, path);
  const parsed = file === null ? null : parseMainCf(file);
  const line = file === null ? undefined : lineOf(file, new RegExp(`^${s.key}\\s*=`));
  return {
    label: `${s.key} of ${s.file!}`,
    expected: s.expected,
    value: parsed?.params.get(s.key),
    where: file === null ? `${path} does not exist` : line ? `${path} line ${line}` : path,
    fix: (v) =>
      s.comparison === 'substring'
        ? `make ${s.key} in ${path} contain "${v ?? ''}", then postfix reload`
        : `${line ? `set line ${line} of` : 'add to'} ${path}: "${s.key} = ${v ?? ''}", then postfix reload`,
  };
}
