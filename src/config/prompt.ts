// Reading a secret from the terminal without echo, before any TUI owns it.
import { stderr, stdin } from 'node:process';

export type Prompt = (question: string) => Promise<string>;

export const terminalPrompt: Prompt = (question) =>
  new Promise((resolve, reject) => {
    if (!stdin.isTTY) {
      reject(new Error('no terminal to prompt on'));
      return;
    }
    stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let answer = '';
    const done = (err?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (err) reject(err);
      else resolve(answer);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new Error('cancelled at the password prompt'));
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else answer += ch;
      }
    };
    stdin.on('data', onData);
  });
