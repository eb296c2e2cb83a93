// Plain ANSI colour, used only when the output is a terminal and the user did not opt out.
import type { Status } from '../core/status.js';

export interface ColorInputs {
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly flag?: boolean; // false for --no-color
}

// https://no-color.org: NO_COLOR set to a non-empty value disables colour.
export function colorEnabled({ isTTY, env, flag }: ColorInputs): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

const CODES: Record<Status, string> = { ok: '32', warn: '33', unknown: '35', crit: '1;31' };

export function paint(status: Status, text: string, color: boolean): string {
  return color ? `\u001b[${CODES[status]}m${text}\u001b[0m` : text;
}

export function dim(text: string, color: boolean): string {
  return color ? `\u001b[2m${text}\u001b[0m` : text;
}
