import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { promptOn, type TerminalInput } from '../../src/config/prompt.js';

// A terminal stand-in: a stream that records its raw-mode switches.
function terminal(isTTY = true): { input: TerminalInput & PassThrough; modes: boolean[] } {
  const modes: boolean[] = [];
  const input = Object.assign(new PassThrough(), { isTTY, setRawMode: (m: boolean) => modes.push(m) });
  return { input, modes };
}

describe('promptOn', () => {
  it('reads a password with spaces in raw mode and never writes it to the screen', async () => {
    const t = terminal();
    const screen = new PassThrough();
    let shown = '';
    screen.on('data', (c: Buffer) => (shown += c.toString()));
    const answer = promptOn(t.input, screen)('Password: ');
    t.input.write('pass word 1\r');
    expect(await answer).toBe('pass word 1');
    expect(t.modes).toEqual([true, false]);
    expect(shown).not.toContain('pass word');
  });

  it('shows only the question and a newline', async () => {
    const t = terminal();
    const screen = new PassThrough();
    let shown = '';
    screen.on('data', (c: Buffer) => (shown += c.toString()));
    const answer = promptOn(t.input, screen)('Password for testUser.password: ');
    t.input.write('s3cret\n');
    await answer;
    expect(shown).toBe('Password for testUser.password: \n');
  });

  it('applies backspace and stops at Enter', async () => {
    const t = terminal();
    const answer = promptOn(t.input, new PassThrough())('? ');
    t.input.write('abd\u007fc\rignored');
    expect(await answer).toBe('abc');
  });

  it('gives up on Ctrl-C and leaves raw mode', async () => {
    const t = terminal();
    const answer = promptOn(t.input, new PassThrough())('? ');
    t.input.write('ab\u0003');
    await expect(answer).rejects.toThrow('cancelled at the password prompt');
    expect(t.modes).toEqual([true, false]);
  });

  it('refuses to prompt where there is no terminal', async () => {
    await expect(promptOn(terminal(false).input, new PassThrough())('? ')).rejects.toThrow('no terminal to prompt on');
  });
});
