// postfix: main.cf, master.cf, every map they name (postfix-maps.ts), postconf, the queue and its shape.
import { BIG_COMMAND, COMMAND, CONFIG, type ComponentSpec } from './types.js';

export const POSTFIX: ComponentSpec = {
  name: 'postfix',
  title: 'postfix',
  guard: { kind: 'anyPath', paths: ['/etc/postfix/main.cf'] },
  items: [
    { kind: 'files', ...CONFIG, paths: ['/etc/postfix/main.cf', '/etc/postfix/master.cf', '/etc/aliases'] },
    // the seed's procmail + altermime disclaimer hand-off and its helpers
    {
      kind: 'files',
      ...CONFIG,
      paths: ['/etc/postfix/procmailrc', '/etc/postfix/disclaimer*', '/etc/postfix/ssmtp', '/etc/ssmtp/ssmtp.conf'],
    },
    { kind: 'derived', ...CONFIG, from: 'postfix-maps' },
    { kind: 'command', ...COMMAND, name: 'postconf-n', argv: ['postconf', '-n'] },
    // postfix >= 2.9; 2.3 (RHEL5) answers with usage, master.cf is copied anyway
    { kind: 'command', ...COMMAND, name: 'postconf-M', argv: ['postconf', '-M'] },
    { kind: 'command', ...COMMAND, name: 'mail-version', argv: ['postconf', '-d', 'mail_version'] },
    { kind: 'command', ...BIG_COMMAND, name: 'postqueue-p', argv: ['postqueue', '-p'] },
    ...(['incoming', 'active', 'deferred', 'hold'] as const).map((queue) => ({
      kind: 'command' as const,
      ...COMMAND,
      name: `qshape-${queue}`,
      guard: { kind: 'command' as const, name: 'qshape' },
      argv: ['qshape', queue],
    })),
  ],
};
