// The connection to one host, opened once per sweep and shared by every check of that host.
// A dead host costs its connect timeout once: everyone waits on the same attempt.
import { TransportError } from '../core/errors.js';
import { formatDuration } from '../core/time-text.js';
import type { Transport } from '../transport/types.js';

export type GateState = { readonly open: true } | { readonly open: false; readonly error: unknown };

export class HostGate {
  private attempt?: Promise<GateState>;

  constructor(
    private readonly transport: Transport,
    private readonly timeoutMs: number,
    knownFailure?: unknown, // the host already failed to connect earlier in this run (e.g. during discovery)
  ) {
    if (knownFailure !== undefined) this.attempt = Promise.resolve({ open: false, error: knownFailure });
  }

  // Never rejects: the state says whether the host is reachable.
  open(): Promise<GateState> {
    this.attempt ??= this.connect();
    return this.attempt;
  }

  // For checks: the shared attempt, rejecting with the transport's own error.
  async ensureConnected(): Promise<void> {
    const state = await this.open();
    if (!state.open) throw state.error;
  }

  private async connect(): Promise<GateState> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const host = this.transport.host;
        const error = new TransportError(
          host,
          'connect-timeout',
          `no connection to ${host} within ${formatDuration(this.timeoutMs)}`,
        );
        // Our own reason wins over whatever the aborted transport rejects with.
        reject(error);
        controller.abort(error);
      }, this.timeoutMs);
    });
    try {
      await Promise.race([this.transport.ensureConnected(controller.signal), timeout]);
      return { open: true };
    } catch (error) {
      return { open: false, error: controller.signal.aborted ? controller.signal.reason : error };
    } finally {
      clearTimeout(timer);
    }
  }
}
