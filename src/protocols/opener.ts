// How a probe reaches a service from the checked host, and how long it may take.
import type { CheckContext } from '../core/check.js';
import type { Opener } from './types.js';

// Connections start on the checked host (SSH: forwardOut), so "refused" means refused from there.
export function openerFor(
  ctx: Pick<CheckContext, 'transport'>,
  host: string,
  port: number,
  timeoutMs?: number,
): Opener {
  return (signal) => ctx.transport.connect(host, port, { signal, ...(timeoutMs ? { timeoutMs } : {}) });
}

// Milliseconds left before the check's deadline, minus a margin for building the result.
export function remainingMs(ctx: Pick<CheckContext, 'deadline'>, marginMs = 200): number {
  return Math.max(100, ctx.deadline - Date.now() - marginMs);
}
