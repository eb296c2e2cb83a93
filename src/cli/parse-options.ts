// Option value parsers: each names what it expected and what arrived.
import { InvalidArgumentError } from 'commander';

export function positiveInt(what: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < 1) {
      throw new InvalidArgumentError(`expected ${what} (a whole number above 0), got '${value}'`);
    }
    return Number(value);
  };
}

// Repeatable and comma-separated: --host a --host b,c -> [a, b, c].
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter((v) => v.length > 0)];
}

// A nice value, -20 (most favoured) to 19.
export function niceValue(value: string): number {
  if (!/^-?\d+$/.test(value) || Number(value) < -20 || Number(value) > 19) {
    throw new InvalidArgumentError(`expected a nice value from -20 to 19, got '${value}'`);
  }
  return Number(value);
}
