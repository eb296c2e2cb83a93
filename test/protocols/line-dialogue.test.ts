import { describe, expect, it } from 'vitest';
import { commandLine, runDialogue, UnsafeArgumentError } from '../../src/protocols/line-dialogue.js';
import { runProbe } from '../../src/protocols/session.js';
import { scriptedServer, tcpOpener } from '../helpers/tcp.js';

describe('commandLine', () => {
  it.each(['a\rb', 'a\nb', 'a\r\nRCPT TO:<x@y>', 'a\0b'])('refuses the argument %j (command injection)', (arg) => {
    expect(() => commandLine({ send: 'EHLO', args: [arg] }, '\r\n')).toThrow(UnsafeArgumentError);
  });

  it('masks secret arguments in what the transcript shows but sends them as given', () => {
    const { wire, shown } = commandLine({ send: 'A1 LOGIN', args: ['user', 'pa ss'], secret: true }, '\r\n');
    expect(wire).toBe('A1 LOGIN user pa ss\r\n');
    expect(shown).toBe('A1 LOGIN ******** ********');
  });
});

describe('runDialogue over a real socket', () => {
  it('collects multi-line replies up to the terminating line and records both sides', async () => {
    const server = await scriptedServer((s) => {
      s.write('100-one\r\n100-two\r\n100 three\r\n');
      s.on('data', () => s.end('200 done\r\n'));
    });
    try {
      const r = await runProbe(tcpOpener(server.port), async ({ connect, transcript }) => {
        const conn = await connect();
        return runDialogue(conn, transcript, [
          { name: 'hello', expect: /^100 /, until: /^\d{3} /, describe: 'a 100 reply' },
          { send: 'NEXT', args: ['step'] },
          { name: 'done', expect: /^200 /, describe: 'a 200 reply' },
        ]);
      });
      if (!r.ok) throw new Error(r.message);
      expect(r.value.hello).toEqual(['100-one', '100-two', '100 three']);
      expect(r.transcript).toEqual(['S: 100-one', 'S: 100-two', 'S: 100 three', 'C: NEXT step', 'S: 200 done']);
    } finally {
      await server.close();
    }
  });

  it('fails with the configured kind when the reply does not match, quoting the line', async () => {
    const server = await scriptedServer((s) => s.write('* BYE go away\r\n'));
    try {
      const r = await runProbe(tcpOpener(server.port), async ({ connect, transcript }) =>
        runDialogue(await connect(), transcript, [
          { name: 'g', expect: /^\* OK/, describe: 'an OK greeting', failure: 'bad-greeting' },
        ]),
      );
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.failure).toBe('bad-greeting');
        expect(r.message).toBe('expected an OK greeting, got "* BYE go away"');
      }
    } finally {
      await server.close();
    }
  });

  it('reports closed when the server hangs up mid-reply', async () => {
    const server = await scriptedServer((s) => s.end('220-only half\r\n'));
    try {
      const r = await runProbe(tcpOpener(server.port), async ({ connect, transcript }) =>
        runDialogue(await connect(), transcript, [
          { name: 'g', expect: /^220 /, until: /^\d{3} /, describe: 'a 220 greeting' },
        ]),
      );
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.failure).toBe('closed');
    } finally {
      await server.close();
    }
  });
});
