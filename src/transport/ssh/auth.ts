// Which keys to offer, one at a time and in order: the identity files first (each through ssh-agent when
// the agent holds its key, as OpenSSH does), then, unless IdentitiesOnly, the agent's other keys.
import type { AuthenticationType, AuthHandlerMiddleware, BaseAgent, NextAuthHandler, ParsedKey } from 'ssh2';
import { messageOf } from '../../core/errors.js';
import { listAgentKeys, OneKeyAgent, type AgentKeys } from './agent-keys.js';
import { fingerprintOf } from './host-key.js';
import { loadIdentity } from './identity-file.js';

interface Offer {
  readonly label: string; // what the error message calls it: a path or "ssh-agent: COMMENT"
  readonly publicKey: Buffer;
  readonly comment: string;
}

export type AuthAttempt =
  | (Offer & { readonly type: 'agent'; readonly agent: BaseAgent<ParsedKey> })
  | (Offer & { readonly type: 'publickey'; readonly key: Buffer });

export interface AuthPlan {
  readonly attempts: readonly AuthAttempt[];
  readonly skipped: readonly string[]; // "PATH: why", for the auth error message
  readonly identityFiles: readonly string[]; // those that exist, for the `ssh -v` hint
}

export interface AuthSources {
  readonly identityFiles: readonly string[];
  readonly identitiesOnly?: boolean;
  readonly agentSocket?: string;
  readonly agentTimeoutMs: number;
}

// OpenSSH offers an identity file the agent does not hold only after all the agent's keys; oxdoctor offers
// it in its place, so a named key is not crowded out by an agent with more keys than MaxAuthTries.
export async function planAuth(sources: AuthSources): Promise<AuthPlan> {
  const attempts: AuthAttempt[] = [];
  const skipped: string[] = [];
  const identityFiles: string[] = [];
  let agent: AgentKeys | null = null;
  if (sources.agentSocket) {
    try {
      agent = await listAgentKeys(sources.agentSocket, sources.agentTimeoutMs);
    } catch (err) {
      skipped.push(`ssh-agent at ${sources.agentSocket}: ${messageOf(err)}`);
    }
  }
  const planned = new Set<string>(); // public keys, base64: each is offered once
  const held = (publicKey: Buffer): ParsedKey | undefined =>
    agent?.keys.find((k) => k.getPublicSSH().equals(publicKey));
  for (const file of sources.identityFiles) {
    const id = await loadIdentity(file);
    if (id.present) identityFiles.push(file);
    if (id.publicKey && planned.has(id.publicKey.toString('base64'))) continue;
    const agentKey = id.publicKey ? held(id.publicKey) : undefined;
    if (agent && agentKey) {
      const offer = { label: `${file} (through ssh-agent)`, publicKey: agentKey.getPublicSSH(), comment: id.comment };
      attempts.push({ ...offer, type: 'agent', agent: new OneKeyAgent(agent.agent, agentKey) });
    } else if (id.privateKey && id.publicKey) {
      const offer = { label: file, publicKey: id.publicKey, comment: id.comment };
      attempts.push({ ...offer, type: 'publickey', key: id.privateKey });
    } else {
      skipped.push(`${file}: ${id.problem ?? 'not usable'}`);
      continue;
    }
    planned.add(attempts.at(-1)!.publicKey.toString('base64'));
  }
  if (agent && sources.identitiesOnly !== true) {
    for (const key of agent.keys) {
      const publicKey = key.getPublicSSH();
      if (planned.has(publicKey.toString('base64'))) continue;
      const offer = { label: `ssh-agent: ${key.comment || fingerprintOf(publicKey)}`, publicKey, comment: key.comment };
      attempts.push({ ...offer, type: 'agent', agent: new OneKeyAgent(agent.agent, key) });
    }
  }
  return { attempts, skipped, identityFiles };
}

// What happened during authentication, for the error message when it fails.
export interface AuthReport {
  readonly tried: string[];
  readonly offered: Offer[]; // the keys the server saw, in order
  serverMethods: readonly string[]; // what the server said it still accepts
}

// An ssh2 authHandler that walks the plan and records what it offered.
export function authHandler(plan: AuthPlan, username: string, report: AuthReport): AuthHandlerMiddleware {
  let next = 0;
  return (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, callback: NextAuthHandler) => {
    if (Array.isArray(methodsLeft)) report.serverMethods = methodsLeft;
    const attempt = plan.attempts[next++];
    // ssh2 takes `false` for "no more methods"; its typings leave that out.
    if (attempt === undefined) return callback(false as unknown as AuthenticationType);
    report.tried.push(attempt.label);
    report.offered.push({ label: attempt.label, publicKey: attempt.publicKey, comment: attempt.comment });
    if (attempt.type === 'agent') return callback({ type: 'agent', username, agent: attempt.agent });
    return callback({ type: 'publickey', username, key: attempt.key });
  };
}
