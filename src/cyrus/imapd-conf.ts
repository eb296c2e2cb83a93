// imapd.conf: "key: value" lines and '#' comments. Keys are kept as written (cyrus options are lower case).

export interface ImapdConf {
  readonly options: ReadonlyMap<string, string>; // last definition wins
  readonly lines: ReadonlyMap<string, number>; // 1-based line of that definition
}

export function parseImapdConf(text: string): ImapdConf {
  const options = new Map<string, string>();
  const lines = new Map<string, number>();
  const all = text.split(/\r?\n/);
  for (let i = 0; i < all.length; i++) {
    const line = (all[i] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    if (!/^[A-Za-z0-9_.-]+$/.test(key)) continue;
    options.set(key, line.slice(colon + 1).trim());
    lines.set(key, i + 1);
  }
  return { options, lines };
}

// Cyrus switch values: 1/0, yes/no, on/off, true/false, t/f. Undefined when unset or not a switch.
export function imapdSwitch(conf: ImapdConf, key: string): boolean | undefined {
  const v = conf.options.get(key)?.toLowerCase();
  if (v === undefined) return undefined;
  if (['1', 'yes', 'on', 'true', 't', 'y'].includes(v)) return true;
  if (['0', 'no', 'off', 'false', 'f', 'n'].includes(v)) return false;
  return undefined;
}

// Cyrus 2.3 and 3.x spell some options differently (autocreateinboxfolders vs autocreate_inbox_folders).
export function imapdOption(conf: ImapdConf, ...spellings: string[]): string | undefined {
  for (const key of spellings) {
    const v = conf.options.get(key);
    if (v !== undefined) return v;
  }
  return undefined;
}
