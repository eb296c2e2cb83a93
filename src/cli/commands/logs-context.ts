// What the modes of `oxdoctor logs` share: the options, the selected hosts with their transports, how to print.
import type { HostSpec } from '../../core/host.js';
import type { SiteConfig } from '../../core/site.js';
import type { Transport } from '../../core/transport.js';
import type { LogQuery } from '../../logs/query.js';
import { say, type CliIO } from '../io.js';

export interface LogsOptions {
  readonly host: readonly string[];
  readonly source: readonly string[];
  readonly follow: boolean;
  readonly since?: string;
  readonly until?: string;
  readonly grep?: RegExp;
  readonly user?: string;
  readonly queueId: readonly string[];
  readonly level?: 'warn' | 'error';
  readonly format: 'text' | 'json';
  readonly list: boolean;
}

// What the modes share: the selected hosts with their transports, and how to print.
export interface LogsContext {
  readonly hosts: readonly { host: string; spec: HostSpec; transport: Transport }[];
  readonly site: SiteConfig;
  readonly io: CliIO;
  readonly color: boolean;
  readonly close: () => Promise<void>;
}

export function baseQuery(options: LogsOptions): LogQuery {
  return {
    queueIds: new Set(options.queueId),
    addresses: [],
    ...(options.grep ? { grep: options.grep } : {}),
    ...(options.level ? { level: options.level } : {}),
  };
}

// --source names that select nothing: a usage error (exit 3), with where to look.
export function noSuchSource(ctx: LogsContext, unknown: readonly string[]): number {
  const names = unknown.map((u) => `'${u}'`).join(', ');
  say(ctx.io, `oxdoctor: no source ${names} on the selected hosts (see 'oxdoctor logs --list')`);
  return 3;
}
