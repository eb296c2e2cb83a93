// Whether a host's value matches the seed's, by the setting's comparison kind (see types.ts).
import { splitList } from '../postfix/main-cf.js';
import type { Comparison } from './types.js';

export interface Compared {
  readonly comparison: Comparison;
  readonly separator?: string;
}

// undefined actual: the option is not set. A null expected (the seed leaves it unset) matches only that.
export function matches(how: Compared, expected: string | null, actual: string | undefined): boolean {
  if (expected === null || actual === undefined) return expected === null && actual === undefined;
  const items = (v: string): string[] => splitItems(how, v);
  switch (how.comparison) {
    case 'exact':
      return collapse(actual) === collapse(expected);
    case 'ci':
      return collapse(actual).toLowerCase() === collapse(expected).toLowerCase();
    case 'nospace':
      return actual.replace(/\s+/g, '') === expected.replace(/\s+/g, '');
    case 'switch':
      return switchValue(actual) !== undefined && switchValue(actual) === switchValue(expected);
    case 'number':
      return numberValue(actual) !== undefined && numberValue(actual) === numberValue(expected);
    case 'seconds':
      return seconds(actual) !== undefined && seconds(actual) === seconds(expected);
    case 'list':
      return items(actual).join('\n') === items(expected).join('\n');
    case 'set': {
      const have = items(actual);
      const want = items(expected);
      return have.length === want.length && want.every((i) => have.includes(i));
    }
    case 'contains':
      return missingItems(how, expected, actual).length === 0;
    case 'substring':
      return actual.includes(expected);
  }
}

// The seed's items a contains/set value lacks, in the seed's order.
export function missingItems(how: Compared, expected: string, actual: string): string[] {
  const have = splitItems(how, actual);
  return splitItems(how, expected).filter((i) => !have.includes(i));
}

function collapse(v: string): string {
  return v.replace(/\s+/g, ' ').trim();
}

// Switch words of postfix, cyrus, amavis, krb5 and oxldapsync.
export function switchValue(v: string): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (['1', 'yes', 'on', 'true', 't', 'y'].includes(s)) return true;
  if (['0', 'no', 'off', 'false', 'f', 'n'].includes(s)) return false;
  return undefined;
}

// A number, or a product of numbers as amavisd.conf writes sizes ("1024*1024").
export function numberValue(v: string): number | undefined {
  const s = v.replace(/\s+/g, '');
  if (!/^-?\d+(\.\d+)?(\*\d+(\.\d+)?)*$/.test(s)) return undefined;
  return s.split('*').reduce((product, factor) => product * Number(factor), 1);
}

// A postfix time value in seconds: "1200", "1200s", "20m", "1h", "1d", "1w".
export function seconds(v: string): number | undefined {
  const m = /^\s*(\d+)\s*([smhdw]?)\s*$/.exec(v);
  if (!m) return undefined;
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2] as '' | 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

// Postfix list syntax (commas and whitespace), or the setting's own separator ("|" in imapd.conf).
function splitItems(how: Compared, v: string): string[] {
  if (how.separator === undefined) return splitList(v);
  return v
    .split(how.separator)
    .map((i) => i.trim())
    .filter(Boolean);
}
