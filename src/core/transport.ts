// The transport contract: how a check runs commands, reads files and opens connections on a host. Defined in
// core (the ground floor) so checks depend on the contract, not on the transports; src/transport implements it.
import type { Duplex, Readable } from 'node:stream';

export interface ExecOptions {
  readonly stdin?: string | Buffer;
  // Values reach the child through its environment (over SSH: through stdin, never argv).
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly maxOutputBytes?: number; // per stream; the rest is dropped and truncated=true
}

// Success and failure share one shape; exec never throws for a non-zero exit.
export interface ExecResult {
  readonly argv: readonly string[];
  readonly code: number | null; // null when killed or the channel died
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  readonly truncated: boolean;
}

export interface ExecStream {
  readonly stdout: Readable;
  // Settles when the command ends; stdout is '' here (it was streamed).
  readonly done: Promise<ExecResult>;
}

export interface ReadOptions {
  readonly maxBytes?: number; // default 4 MiB
  readonly tail?: boolean; // keep the last maxBytes instead of the first
  readonly signal?: AbortSignal;
}

export interface FileContent {
  readonly path: string;
  readonly data: Buffer;
  readonly size: number; // the whole file's size
  readonly truncated: boolean;
  readonly mtimeMs: number;
}

export interface ConnectOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export interface TransportInfo {
  readonly kind: 'local' | 'ssh';
  readonly connected: boolean;
  readonly connections: number; // SSH connections opened so far (1 in a healthy sweep)
  readonly channelsOpen: number; // SSH: command channels and forwards, not the helper's own channel
  readonly commandsRunning: number; // commands started and not yet ended, through channels or the helper
  readonly helper?: string; // SSH: "running (remote pid N)" or "unavailable: why" (commands then take a channel each)
  readonly hostKeyFingerprint?: string; // SHA256:...
  readonly remoteVersion?: string;
  // SSH: when the attempt that made the current connection (or is making it, or failed last) began, epoch ms.
  readonly connectStartedAt?: number;
}

export interface Transport {
  readonly host: string; // the configured host name
  readonly kind: 'local' | 'ssh';
  // Opens (or reuses) the connection; throws TransportError when it cannot.
  ensureConnected(signal?: AbortSignal): Promise<void>;
  exec(argv: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  execStream(argv: readonly string[], options?: ExecOptions): Promise<ExecStream>;
  // null when the file does not exist.
  readFile(path: string, options?: ReadOptions): Promise<FileContent | null>;
  // A TCP stream to host:port as seen FROM this host (SSH: forwardOut).
  connect(host: string, port: number, options?: ConnectOptions): Promise<Duplex>;
  // A loopback port on this machine forwarding to host:port from this host's view,
  // for libraries that only take a URL (ldapts, imapflow).
  tunnel(host: string, port: number): Promise<Tunnel>;
  info(): TransportInfo;
  close(): Promise<void>;
}

export interface Tunnel {
  readonly host: '127.0.0.1';
  readonly port: number;
  close(): Promise<void>;
}
