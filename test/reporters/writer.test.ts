import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/core/redact.js';
import { writeOut } from '../../src/reporters/writer.js';

describe('writeOut', () => {
  it('masks registered secrets in what it writes', async () => {
    const redactor = new Redactor();
    redactor.register('hunter2-secret');
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await writeOut(stream, 'password=hunter2-secret\n', redactor);
    expect(Buffer.concat(chunks).toString()).toBe('password=********\n');
  });
});
