// A FIFO whose writer comes late: a reader that waits for it (a blocking open or read) is held that long and
// then gets the text, so a test of "refused at once" fails instead of hanging when the refusal is missing.
import { execFileSync, spawn } from 'node:child_process';
import { constants, closeSync, openSync } from 'node:fs';

export interface LateFifo {
  readonly path: string;
  // Ends the writer and frees any open still waiting for it.
  close(): void;
}

export function fifoWithLateWriter(path: string, text: string, delayMs = 2000): LateFifo {
  execFileSync('mkfifo', [path]);
  const seconds = (delayMs / 1000).toFixed(3);
  const writer = spawn('sh', ['-c', `sleep ${seconds}; printf '%s' "$1" > "$2"`, 'sh', text, path], {
    stdio: 'ignore',
  });
  return {
    path,
    close() {
      writer.kill('SIGKILL');
      // A reader still blocked in open() returns once a writer opens the FIFO; without a reader this fails.
      try {
        closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // no reader waiting
      }
    },
  };
}
