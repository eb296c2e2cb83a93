// Where the program at the end of a procmail pipe hands the mail back to postfix: ssmtp's mailhub, msmtp's
// host and port, or postfix's own sendmail (postdrop -> pickup). A shell wrapper around one of them (the
// lab's /etc/postfix/ssmtp execs msmtp) is read for the call it makes.

export type Submitter = 'ssmtp' | 'msmtp' | 'sendmail';

export type ResubmitTarget =
  | { readonly kind: 'smtp'; readonly host: string; readonly port: number; readonly source: string }
  | { readonly kind: 'pickup'; readonly source: string };

export function submitterOf(program: string): Submitter | null {
  const base = program.slice(program.lastIndexOf('/') + 1);
  if (base === 'ssmtp' || base === 'msmtp' || base === 'sendmail') return base;
  return null;
}

// The config file the submitter reads for its target, or null when its arguments already say (or none is read).
export function configFileOf(submitter: Submitter, words: readonly string[]): string | null {
  const given = optionValue(words, ['-C'], ['--file']);
  if (submitter === 'ssmtp') return given ?? '/etc/ssmtp/ssmtp.conf';
  if (submitter === 'msmtp') return optionValue(words, [], ['--host']) !== undefined ? null : (given ?? '/etc/msmtprc');
  return null;
}

// The target from the call's words and the config file's text (null: not read or missing); null when unknown.
export function resubmitTarget(
  submitter: Submitter,
  words: readonly string[],
  config: string | null,
): ResubmitTarget | null {
  if (submitter === 'sendmail') return { kind: 'pickup', source: `${words[0] ?? 'sendmail'} (postdrop, then pickup)` };
  if (submitter === 'ssmtp') {
    const hub = config === null ? undefined : keyValues(config, '=').get('mailhub');
    if (hub === undefined) return null;
    const [host, port] = splitHostPort(hub, 25);
    return { kind: 'smtp', host, port, source: `mailhub=${hub} in ${configFileOf('ssmtp', words)}` };
  }
  const host = optionValue(words, [], ['--host']);
  if (host !== undefined) {
    const port = Number(optionValue(words, [], ['--port']) ?? 25);
    return { kind: 'smtp', host, port, source: `msmtp --host=${host}${port !== 25 ? ` --port=${port}` : ''}` };
  }
  if (config === null) return null;
  const rc = msmtpDefaults(config);
  const h = rc.get('host');
  if (h === undefined) return null;
  const port = Number(rc.get('port') ?? 25);
  return {
    kind: 'smtp',
    host: h,
    port,
    source: `host ${h}${rc.has('port') ? `, port ${port}` : ''} in ${configFileOf('msmtp', words)}`,
  };
}

// The submitter a wrapper script calls and that call's words: its first line running ssmtp, msmtp or sendmail.
export function wrappedCall(script: string): { program: string; words: string[] } | null {
  for (const raw of script.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#')) continue;
    const words = line.split(/\s+/).filter((w) => w !== '' && !/^(exec|nohup|command)$/.test(w));
    const i = words.findIndex((w) => submitterOf(w) !== null);
    if (i !== -1) return { program: words[i]!, words: words.slice(i).map(unquote) };
  }
  return null;
}

// Files a wrapper script appends its output to (">>/tmp/ssmtp.log"): where the submitter's errors end up.
export function scriptLogFiles(script: string): string[] {
  return [...new Set([...script.matchAll(/>>\s*"?(\/[^\s"';|&]+)/g)].map((m) => m[1]!))];
}

function optionValue(words: readonly string[], short: string[], long: string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    for (const l of long) {
      if (w.startsWith(`${l}=`)) return w.slice(l.length + 1);
      if (w === l) return words[i + 1];
    }
    for (const s of short) {
      if (w === s) return words[i + 1];
      if (w.startsWith(s) && w.length > s.length) return w.slice(s.length);
    }
  }
  return undefined;
}

function keyValues(text: string, sep: '=' | ' '): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = sep === '=' ? line.indexOf('=') : line.search(/\s/);
    if (at <= 0) continue;
    out.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim());
  }
  return out;
}

// msmtprc: "defaults" settings, overridden by the default account ("account default", or the one
// "account default : NAME" names, or else the first account).
function msmtpDefaults(text: string): Map<string, string> {
  const sections: { name: string; values: Map<string, string> }[] = [{ name: 'defaults', values: new Map() }];
  let alias: string | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(\S+)\s*(.*)$/.exec(line)!;
    const key = m[1]!.toLowerCase();
    const value = (m[2] ?? '').trim();
    if (key === 'defaults') sections.push({ name: 'defaults', values: new Map() });
    else if (key === 'account') {
      const named = /^(\S+)\s*:\s*(\S+)/.exec(value);
      if (named && named[1] === 'default') alias = named[2];
      sections.push({ name: named ? named[1]! : value, values: new Map() });
    } else sections.at(-1)!.values.set(key, value);
  }
  const accounts = sections.filter((s) => s.name !== 'defaults');
  const chosen = accounts.find((s) => s.name === (alias ?? 'default')) ?? accounts[0];
  const merged = new Map<string, string>();
  for (const s of sections.filter((x) => x.name === 'defaults')) for (const [k, v] of s.values) merged.set(k, v);
  for (const [k, v] of chosen?.values ?? []) merged.set(k, v);
  return merged;
}

function splitHostPort(value: string, defaultPort: number): [string, number] {
  const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(value.trim());
  return [m?.[1] ?? value, m?.[2] ? Number(m[2]) : defaultPort];
}

function unquote(w: string): string {
  return w.length >= 2 && (w[0] === '"' || w[0] === "'") && w.endsWith(w[0]) ? w.slice(1, -1) : w;
}
