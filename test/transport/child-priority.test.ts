import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { withChildPriority } from '../../src/transport/child-priority.js';
import { LocalTransport } from '../../src/transport/local.js';

const STAT_NICE = ['sh', '-c', 'cut -d" " -f19 /proc/$$/stat'];

describe('the priority of local commands', () => {
  it('leaves argv as it is when no child priority is given', () => {
    expect(withChildPriority(['df', '-P'], undefined)).toEqual(['df', '-P']);
  });

  it('starts a command under nice when it should run below the current priority', () => {
    expect(withChildPriority(['df'], getPriority(0) + 3)).toEqual(['nice', '-n', '3', 'df']);
  });

  it('never raises a command above the current priority', () => {
    expect(withChildPriority(['df'], getPriority(0) - 1)).toEqual(['df']);
  });

  it('runs a LocalTransport command at the childNice it was given, and at its own priority without one', async () => {
    const own = getPriority(0);
    const niced = await new LocalTransport('localhost', { childNice: own + 2 }).exec(STAT_NICE);
    const plain = await new LocalTransport('localhost').exec(STAT_NICE);
    expect(Number(niced.stdout)).toBe(Math.min(19, own + 2));
    expect(Number(plain.stdout)).toBe(own);
  });
});
