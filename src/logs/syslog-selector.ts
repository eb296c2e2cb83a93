// syslog.conf(5) selectors ("*.info;mail.none;authpriv.none"): which facility at which severity they match.

export const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'security',
  'console',
  'solaris-cron',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;
export const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;
const SEVERITY_ALIASES: Readonly<Record<string, number>> = { panic: 0, error: 3, warn: 4 };
const ALL_SEVERITIES = 0xff;

// Per facility, a bit per severity (bit 0: emerg ... bit 7: debug).
export type SelectorMasks = ReadonlyMap<string, number>;

export function severityIndex(name: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(name);
  return i >= 0 ? i : (SEVERITY_ALIASES[name] ?? -1);
}

// undefined when the text is not a selector list (then the line is something else).
export function parseSelector(text: string): SelectorMasks | undefined {
  const masks = new Map<string, number>(FACILITIES.map((f) => [f, 0]));
  for (const part of text.split(';')) {
    const dot = part.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const facilities = part.slice(0, dot).split(',');
    const bits = severityBits(part.slice(dot + 1).toLowerCase());
    if (!bits) return undefined;
    for (const facility of facilities) {
      const names = facility === '*' ? FACILITIES : [facility.toLowerCase()];
      for (const name of names) {
        if (!masks.has(name)) return undefined;
        const old = masks.get(name) ?? 0;
        masks.set(name, bits.clear ? old & ~bits.mask : old | bits.mask);
      }
    }
  }
  return masks;
}

// "info" (info and more urgent), "=info" (only info), "!info" / "!=info" (the same, removed), "none", "*".
function severityBits(text: string): { mask: number; clear: boolean } | undefined {
  if (text === '*') return { mask: ALL_SEVERITIES, clear: false };
  if (text === 'none') return { mask: ALL_SEVERITIES, clear: true };
  const clear = text.startsWith('!');
  const rest = clear ? text.slice(1) : text;
  const exact = rest.startsWith('=');
  const index = severityIndex(exact ? rest.slice(1) : rest);
  if (index < 0) return undefined;
  return { mask: exact ? 1 << index : (2 << index) - 1, clear };
}

export function severitiesOf(mask: number): string[] {
  return SEVERITIES.filter((_, i) => (mask & (1 << i)) !== 0);
}
