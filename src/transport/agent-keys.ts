// The keys an ssh-agent holds, and an agent that offers just one of them.
import ssh2 from 'ssh2';
import type { BaseAgent, ParsedKey, SignCallback, SigningRequestOptions } from 'ssh2';

export interface AgentKeys {
  readonly agent: BaseAgent<ParsedKey>;
  readonly keys: readonly ParsedKey[];
}

// Rejects when the agent cannot be reached or does not answer within timeoutMs.
export function listAgentKeys(socket: string, timeoutMs: number): Promise<AgentKeys> {
  const agent = new ssh2.OpenSSHAgent(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    agent.getIdentities((err, keys) => {
      clearTimeout(timer);
      if (err) reject(err);
      // OpenSSHAgent lists parsed keys; the typings also allow other shapes.
      else resolve({ agent, keys: (keys ?? []).filter((k): k is ParsedKey => 'getPublicSSH' in k) });
    });
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
