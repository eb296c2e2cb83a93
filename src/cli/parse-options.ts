// Option value parsers: each names what it expected and what arrived.
import { InvalidArgumentError } from 'commander';

// A whole number from 1 to max; note says what max is in words ("one hour").
export function positiveInt(what: string, max: number, note?: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < 1) {
      throw new InvalidArgumentError(`expected ${what} (a whole number above 0), got '${value}'`);
    }
    if (Number(value) > max) {
      throw new InvalidArgumentError(`expected ${what} of at most ${max}${note ? ` (${note})` : ''}, got '${value}'`);
    }
    return Number(value);
  };
}

// Repeatable and comma-separated: --host a --host b,c -> [a, b, c]. An empty value is refused: it would
// select nothing, and an empty selection means "all".
export function list(what: string): (value: string, previous?: string[]) => string[] {
  return (value, previous = []) => {
    const items = value.split(',').map((v) => v.trim());
    if (items.every((v) => v === '')) throw new InvalidArgumentError(`expected ${what}, got '${value}'`);
    if (items.some((v) => v === '')) {
      throw new InvalidArgumentError(`expected ${what} on each side of every comma, got '${value}'`);
    }
    return [...previous, ...items];
  };
}

// A value that must not be empty (--config '' would otherwise mean "no --config").
export function nonEmpty(what: string): (value: string) => string {
  return (value) => {
    if (value === '') throw new InvalidArgumentError(`expected ${what}, got ''`);
    return value;
  };
}

// A nice value, -20 (most favoured) to 19.
export function niceValue(value: string): number {
  if (!/^-?\d+$/.test(value) || Number(value) < -20 || Number(value) > 19) {
    throw new InvalidArgumentError(`expected a nice value from -20 to 19, got '${value}'`);
  }
  return Number(value);
}
