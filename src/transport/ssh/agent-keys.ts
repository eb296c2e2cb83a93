// The keys an ssh-agent holds, and an agent that offers just one of them.
import net from 'node:net';
import ssh2 from 'ssh2';
import type { BaseAgent, ParsedKey, SignCallback, SigningRequestOptions } from 'ssh2';

export interface AgentKeys {
  readonly agent: BaseAgent<ParsedKey>;
  readonly keys: readonly ParsedKey[];
}

// Rejects when the agent cannot be reached or does not answer within timeoutMs. The listing has its own
// socket, closed on timeout: a hung agent must not hold the process open.
export function listAgentKeys(socket: string, timeoutMs: number): Promise<AgentKeys> {
  return new Promise((resolve, reject) => {
    const conn = net.connect(socket);
    const protocol = new ssh2.AgentProtocol(true);
    const finish = (err: Error | null, keys?: ParsedKey[]): void => {
      clearTimeout(timer);
      conn.destroy();
      if (err) reject(err);
      else resolve({ agent: new ssh2.OpenSSHAgent(socket), keys: keys ?? [] });
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    conn.once('error', (err) => finish(new Error(`cannot connect: ${err.message}`)));
    conn.once('close', () => finish(new Error('closed the connection')));
    protocol.once('error', (err: Error) => finish(err));
    protocol.pipe(conn).pipe(protocol);
    conn.once('connect', () => protocol.getIdentities((err, keys) => finish(err ?? null, keys)));
  });
}

// ssh2's agent method offers every key the agent lists, and each counts against the server's
// MaxAuthTries; wrapping one key per attempt lets oxdoctor choose the order, as OpenSSH does.
export class OneKeyAgent extends ssh2.BaseAgent<ParsedKey> {
  constructor(
    private readonly agent: BaseAgent<ParsedKey>,
    private readonly key: ParsedKey,
  ) {
    super();
  }

  getIdentities(cb: (err: Error | null, keys?: ParsedKey[]) => void): void {
    cb(null, [this.key]);
  }

  sign(pubKey: ParsedKey, data: Buffer, options: SigningRequestOptions | SignCallback, cb?: SignCallback): void {
    if (typeof options === 'function') this.agent.sign(pubKey, data, options);
    else this.agent.sign(pubKey, data, options, cb);
  }
}
