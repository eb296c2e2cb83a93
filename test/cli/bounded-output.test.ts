import { describe, expect, it } from 'vitest';
import { boundedOutput } from '../../src/cli/bounded-output.js';

describe('boundedOutput (logs -f to a slow terminal or pipe)', () => {
  it('keeps at most the cap waiting, counts the rest, and says the count once the output caught up', async () => {
    const written: string[] = [];
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const dropped: number[] = [];
    const output = boundedOutput(
      async (lines) => {
        await blocked; // the reader of the pipe is asleep
        written.push(...lines);
      },
      (n) => dropped.push(n),
      100,
    );
    for (let i = 0; i < 50; i++) output.push([`a${i}`, `b${i}`]); // 100 lines: all fit
    output.push(['over the cap']);
    output.push(['and this']);
    expect(dropped).toEqual([]);
    release();
    await output.settled();
    expect(written).toHaveLength(100);
    expect(written.at(-1)).toBe('b49');
    expect(dropped).toEqual([2]);
    output.push(['after catching up']);
    await output.settled();
    expect(written.at(-1)).toBe('after catching up');
    expect(dropped).toEqual([2]);
  });

  it('a failed write does not stop later lines', async () => {
    const written: string[] = [];
    let first = true;
    const output = boundedOutput(
      async (lines) => {
        if (first) {
          first = false;
          throw new Error('EAGAIN');
        }
        written.push(...lines);
      },
      () => {},
      10,
    );
    output.push(['lost']);
    output.push(['kept']);
    await output.settled();
    expect(written).toEqual(['kept']);
  });
});
