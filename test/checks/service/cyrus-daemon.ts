// One real cyrus master (imapd, timsieved, lmtpd on TCP and a unix socket) per test file, and the cyrus.conf
// that points service/imap, sieve and lmtp at it; an imaps listener on port 1 the imap check must leave alone.
import { afterAll, beforeAll } from 'vitest';
import { startCyrus, type Cyrus } from '../../helpers/daemons/cyrus.js';

export interface RunningCyrus {
  readonly cyrus: Cyrus;
  readonly conf: string;
}

// Starts cyrus before the file's tests and stops it after them; call at the top of a test file.
export function useCyrus(): () => RunningCyrus {
  let running: RunningCyrus | undefined;
  beforeAll(async () => {
    const cyrus = await startCyrus();
    const conf = [
      'SERVICES {',
      `  imap cmd="imapd" listen="127.0.0.1:${cyrus.imapPort}" prefork=0`,
      `  imaps cmd="imapd -s" listen="127.0.0.1:1" prefork=0`,
      `  sieve cmd="timsieved" listen="${cyrus.sievePort}" prefork=0`,
      `  lmtpunix cmd="lmtpd" listen="${cyrus.lmtpSocket}" prefork=0`,
      `  lmtp cmd="lmtpd -a" listen="127.0.0.1:${cyrus.lmtpPort}" prefork=0`,
      '}',
    ].join('\n');
    running = { cyrus, conf };
  });
  afterAll(() => running?.cyrus.stop());
  return () => {
    if (!running) throw new Error('cyrus is not running (useCyrus() must be called at the top of the test file)');
    return running;
  };
}

// A cyrus.conf with one SERVICES line.
export const oneService = (line: string): string => `SERVICES {\n  ${line}\n}\n`;

// A cyrus.conf whose SERVICES section has none of the daemons the checks look for.
export const WITHOUT_SERVICES = oneService('idled cmd="idled"');
