// A real ssh-agent for tests, and throwaway keys to load into it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface TestAgent {
  readonly socket: string;
  stop(): Promise<void>;
}

// Keys nobody authorized: they only use up the server's MaxAuthTries.
export function throwawayKeys(dir: string, prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const file = path.join(dir, `${prefix}_${i + 1}`);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${prefix} ${i + 1}`, '-f', file]);
    return file;
  });
}

// Starts `ssh-agent -D -a SOCKET` and adds the keys in order (the agent offers them in that order).
export async function startAgent(socket: string, keyFiles: readonly string[]): Promise<TestAgent> {
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => agent.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (agent.exitCode === null && agent.signalCode === null) agent.kill();
    await exited;
  };
  try {
    const until = Date.now() + 5000;
    while (!existsSync(socket)) {
      if (Date.now() > until || agent.exitCode !== null) throw new Error('ssh-agent did not create its socket');
      await new Promise((r) => setTimeout(r, 20));
    }
    const env = { ...process.env, SSH_AUTH_SOCK: socket };
    for (const file of keyFiles) execFileSync('ssh-add', ['-q', file], { env, stdio: 'ignore' });
  } catch (err) {
    await stop();
    throw err;
  }
  return { socket, stop };
}
