// Errors classified by who must act: the user, the environment, or us (a bug).

// The user must act: bad config, bad arguments. Printed as one line, exit 3.
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

// The environment failed: a host unreachable, a command missing. Printed with what was run.
export class EnvironmentError extends Error {
  override readonly name = 'EnvironmentError';
  constructor(
    message: string,
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// A transport could not be set up; kind lets checks and the TUI explain it.
export type TransportFailure =
  'host-key-unknown' | 'host-key-changed' | 'auth' | 'connect-refused' | 'connect-timeout' | 'dns' | 'closed' | 'other';

export class TransportError extends EnvironmentError {
  override readonly name = 'TransportError' as 'EnvironmentError';
  constructor(
    readonly host: string,
    readonly kind: TransportFailure,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, hint, options);
  }
}

// A bug in oxdoctor: ask for a report.
export class InternalError extends Error {
  override readonly name = 'InternalError';
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
