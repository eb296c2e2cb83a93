// Reading a secret from the terminal without echo, before any TUI owns it.
import { stderr, stdin } from 'node:process';
import type { Readable, Writable } from 'node:stream';

export type Prompt = (question: string) => Promise<string>;

// What the prompt needs of a terminal: a readable that can leave line mode (tty.ReadStream).
export type TerminalInput = Readable & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };

// Raw mode turns the terminal's own echo off; nothing typed is written back.
export function promptOn(input: TerminalInput, output: Writable): Prompt {
  return (question) =>
    new Promise((resolve, reject) => {
      if (!input.isTTY || typeof input.setRawMode !== 'function') {
        reject(new Error('no terminal to prompt on'));
        return;
      }
      const setRaw = input.setRawMode.bind(input);
      output.write(question);
      setRaw(true);
      input.setEncoding('utf8');
      input.resume();
      let answer = '';
      const done = (err?: Error): void => {
        input.off('data', onData);
        setRaw(false);
        input.pause();
        output.write('\n');
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
      input.on('data', onData);
    });
}

export const terminalPrompt: Prompt = (question) => promptOn(stdin, stderr)(question);
