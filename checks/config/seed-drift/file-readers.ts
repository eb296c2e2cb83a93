// imapd.conf, amavisd.conf and krb5.conf values, each with the file and line that sets the seed's value back.
import type { CheckContext } from '../../../src/core/check.js';
import { amavisdConf } from '../../../src/facts/amavisd-conf.js';
import { imapdConf, IMAPD_CONF_PATH } from '../../../src/facts/imapd-conf.js';
import { krb5Conf, krb5ConfText, KRB5_CONF_PATH } from '../../../src/facts/krb5-conf.js';
import { readText } from '../../../src/facts/read-text.js';
import type { SeedSetting } from '../../../src/seed/types.js';
import type { Observation, Once } from './observation.js';

export async function readImapdConf(ctx: CheckContext, s: SeedSetting, once: Once): Promise<Observation> {
  const conf = await once('imapd', () => imapdConf(ctx));
  if (!conf) return { notHere: `no ${IMAPD_CONF_PATH}` };
  const spellings = [{ key: s.key, expected: s.expected }, ...(s.aliases ?? [])];
  const found = spellings.find((sp) => conf.options.has(sp.key));
  // Unset: suggest the spelling of the cyrus the file is written for (3.x names have autocreate_...).
  const modern = [...conf.options.keys()].some((k) => k.startsWith('autocreate_'));
  const chosen = found ?? (modern ? spellings[spellings.length - 1]! : spellings[0]!);
  const line = conf.lines.get(chosen.key);
  return {
    label: chosen.key,
    expected: chosen.expected,
    value: conf.options.get(chosen.key),
    where: line ? `${IMAPD_CONF_PATH} line ${line}` : IMAPD_CONF_PATH,
    fix: (v) =>
      `${line ? `set line ${line} of` : 'add to'} ${IMAPD_CONF_PATH}: "${chosen.key}: ${v ?? ''}", then restart cyrus-imapd`,
  };
}

export async function readAmavisdConf(ctx: CheckContext, s: SeedSetting, once: Once): Promise<Observation> {
  const { files, conf } = await once('amavis', () => amavisdConf(ctx));
  if (files.length === 0) return { notHere: 'no amavisd configuration' };
  const set = conf.get(s.key);
  const target = set ? `${set.file} line ${set.line}` : files[files.length - 1]!;
  return {
    label: s.key,
    expected: s.expected,
    value: set?.value,
    where: set ? `${set.file} line ${set.line}` : files.join(', '),
    fix: (v) =>
      v === null
        ? `comment out ${target} ("# ${s.key} = ${set?.value ?? ''};"), then restart amavisd`
        : `${set ? 'set' : 'add to'} ${target}: "${s.key} = ${perl(v)};", then restart amavisd`,
  };
}

// amavisd.conf writes strings quoted and words (D_PASS, undef), numbers and expressions bare.
function perl(v: string): string {
  return /^(-?[\d.*]+|D_[A-Z]+|undef|\(.*\))$/.test(v) ? v : `'${v}'`;
}

export async function readKrb5Conf(ctx: CheckContext, s: SeedSetting, once: Once): Promise<Observation> {
  const [conf, text] = await Promise.all([
    once('krb5', () => krb5Conf(ctx)),
    once('krb5 text', () => krb5ConfText(ctx)),
  ]);
  if (!conf || text === null) return { notHere: `no ${KRB5_CONF_PATH}` };
  const line = lineOf(text, new RegExp(`^\\s*${s.key}\\s*=`));
  return {
    label: s.key,
    expected: s.expected,
    value: conf.libdefaults.get(s.key),
    where: line ? `${KRB5_CONF_PATH} line ${line}` : `${KRB5_CONF_PATH} [libdefaults]`,
    fix: (v) =>
      `${line ? `set line ${line} of` : 'add to [libdefaults] of'} ${KRB5_CONF_PATH}: "${s.key} = ${v ?? ''}"`,
  };
}

// 1-based line of the first match, or undefined.
export function lineOf(text: string, re: RegExp): number | undefined {
  const i = text.split(/\r?\n/).findIndex((l) => re.test(l) && !/^\s*[#;]/.test(l));
  return i === -1 ? undefined : i + 1;
}

// A file the seed names several keys of is read once per sweep.
export function readOnce(ctx: CheckContext, path: string): Promise<string | null> {
  return ctx.facts.get(`seed file ${path}`, async () => (await readText(ctx, path))?.text ?? null);
}
