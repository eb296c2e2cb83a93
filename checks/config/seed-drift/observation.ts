// What a host has for one seed setting: its value, where it was read, and how to set the seed's value back.

export interface Observed {
  readonly label: string; // how the summary names it: "unknown_local_recipient_reject_code", "smtp-amavis -o max_use"
  readonly expected: string | null; // the seed's value in the spelling the host uses (cyrus 2.3 or 3.x)
  readonly value: string | undefined; // undefined: not set
  readonly where: string; // "postconf", "/etc/imapd.conf line 40", "main.cf (no -o in master.cf line 12)"
  readonly fix: (value: string | null) => string; // the command or edit that sets this value
}

// The setting's source is not on this host (no amavisd, no oxldapsync conf ...): nothing to compare.
export interface NotHere {
  readonly notHere: string;
}

export type Observation = Observed | NotHere;

export const isNotHere = (o: Observation): o is NotHere => 'notHere' in o;

// A value as a summary shows it: bare when it is one token, quoted otherwise.
export function shown(value: string | null | undefined): string {
  if (value === undefined || value === null) return 'not set';
  if (value === '') return 'empty';
  return /^[^\s"]+$/.test(value) ? value : `"${value}"`;
}

// Facts loaded once per run of the check: a fact asked for again records a line of evidence each time, and
// a hundred settings read the same few facts.
export type Once = <T>(name: string, load: () => Promise<T>) => Promise<T>;

export function onceMemo(): Once {
  const loaded = new Map<string, Promise<unknown>>();
  return <T>(name: string, load: () => Promise<T>): Promise<T> => {
    if (!loaded.has(name)) loaded.set(name, load());
    return loaded.get(name) as Promise<T>;
  };
}
