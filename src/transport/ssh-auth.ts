// Which credentials to offer, in order: the ssh-agent first, then each identity file.
import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { AuthenticationType, AuthHandlerMiddleware, NextAuthHandler } from 'ssh2';

export type AuthAttempt =
  | { readonly type: 'agent'; readonly agent: string; readonly label: string }
  | { readonly type: 'publickey'; readonly key: Buffer; readonly label: string };

export interface AuthPlan {
  readonly attempts: readonly AuthAttempt[];
  readonly skipped: readonly string[]; // "PATH: why", for the auth error message
}

export async function planAuth(identityFiles: readonly string[], agentSocket: string | undefined): Promise<AuthPlan> {
  const attempts: AuthAttempt[] = [];
  const skipped: string[] = [];
  if (agentSocket) attempts.push({ type: 'agent', agent: agentSocket, label: 'ssh-agent' });
  for (const file of identityFiles) {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (err) {
      const code = (err as { code?: string }).code;
      skipped.push(`${file}: ${code === 'ENOENT' ? 'not found' : (code ?? 'unreadable')}`);
      continue;
    }
    const parsed = ssh2.utils.parseKey(data);
    if (parsed instanceof Error) {
      skipped.push(
        /encrypted|passphrase/i.test(parsed.message)
          ? `${file}: encrypted and no passphrase available (load it into ssh-agent)`
          : `${file}: not a usable private key (${parsed.message})`,
      );
      continue;
    }
    attempts.push({ type: 'publickey', key: data, label: file });
  }
  return { attempts, skipped };
}

// What happened during authentication, for the error message when it fails.
export interface AuthReport {
  readonly tried: string[];
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
    if (attempt.type === 'agent') return callback({ type: 'agent', username, agent: attempt.agent });
    return callback({ type: 'publickey', username, key: attempt.key });
  };
}
