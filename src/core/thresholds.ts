// Monitoring-plugins range language: "10", "10:", "~:10", "10:20", "@10:20".
// A value raises an alert when it lies OUTSIDE the range (inside, with "@").
import type { Status } from './status.js';

export interface Range {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly inside: boolean;
}

export class RangeSyntaxError extends Error {}

export function parseRange(text: string): Range {
  const raw = text.trim();
  let body = raw;
  let inside = false;
  if (body.startsWith('@')) {
    inside = true;
    body = body.slice(1);
  }
  let start = 0;
  let end: number;
  const colon = body.indexOf(':');
  if (colon === -1) {
    end = toNumber(body, raw);
  } else {
    const left = body.slice(0, colon);
    const right = body.slice(colon + 1);
    start = left === '~' ? -Infinity : left === '' ? 0 : toNumber(left, raw);
    end = right === '' ? Infinity : toNumber(right, raw);
  }
  if (start > end) throw new RangeSyntaxError(`range "${raw}": start ${start} is greater than end ${end}`);
  return { text: raw, start, end, inside };
}

function toNumber(s: string, whole: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(s)) {
    throw new RangeSyntaxError(`range "${whole}": "${s}" is not a number (expected e.g. 10, 10:, ~:10, 10:20, @10:20)`);
  }
  return Number(s);
}

export function alerts(range: Range, value: number): boolean {
  const within = value >= range.start && value <= range.end;
  return range.inside ? within : !within;
}

// Status of a value against optional warn/crit ranges (crit wins).
export function evaluate(value: number, warn?: string, crit?: string): Status {
  if (crit !== undefined && alerts(parseRange(crit), value)) return 'crit';
  if (warn !== undefined && alerts(parseRange(warn), value)) return 'warn';
  return 'ok';
}
