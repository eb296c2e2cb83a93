// RainerScript pieces: object parameters (action(type="omfile" file=...)), and the filters oxdoctor evaluates:
// ':property, op, "value"' and 'if $programname ==' style conditions on the program, prifilt("selector").
import type { Filter, Statement } from './syslog-rules.js';
import { parseSelector } from './syslog-selector.js';

export function objectParams(args: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const m of args.matchAll(/([\w.]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s,)]+))/g)) {
    params.set((m[1] ?? '').toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  }
  return params;
}

export function actionOf(params: ReadonlyMap<string, string>, text: string): Statement {
  const file = params.get('file');
  if (params.get('type')?.toLowerCase() === 'omfile' && file) return { kind: 'file', path: file };
  return { kind: 'other', text };
}

const PROGRAM_PROPERTIES = new Set(['programname', 'app-name', 'syslogtag']);

export function propertyFilter(property: string, op: string, value: string): Filter {
  const negate = op.startsWith('!');
  if (!PROGRAM_PROPERTIES.has(property.toLowerCase())) return { kind: 'unknown', text: `:${property}, ${op}` };
  const bare = negate ? op.slice(1) : op;
  const value2 = property.toLowerCase() === 'syslogtag' ? value.replace(/(\[\d*\])?:$/, '') : value;
  return { kind: 'program', op: bare.toLowerCase(), value: value2, negate };
}

// Simple RainerScript conditions: $programname == / != / startswith / contains "x", prifilt("selector").
export function conditionFilter(condition: string): Filter {
  const prifilt = /^prifilt\(\s*["']([^"']+)["']\s*\)$/.exec(condition);
  if (prifilt) {
    const masks = parseSelector(prifilt[1] ?? '');
    if (masks) return { kind: 'selector', masks, text: prifilt[1] ?? '' };
  }
  const m = /^\(?\s*\$([\w-]+)\s*(==|!=|<>|startswith|contains|!contains)\s*["']([^"']*)["']\s*\)?$/i.exec(condition);
  if (!m) return { kind: 'unknown', text: condition };
  const op = (m[2] ?? '').toLowerCase();
  const negate = op === '!=' || op === '<>' || op === '!contains';
  const bare = op === '==' || op === '!=' || op === '<>' ? 'isequal' : op.replace('!', '');
  return propertyFilter(m[1] ?? '', negate ? `!${bare}` : bare, m[3] ?? '');
}
