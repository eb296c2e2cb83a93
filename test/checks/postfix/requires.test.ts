import { describe, expect, it } from 'vitest';
import { postfixConfigured } from '../../../src/facts/requirements.js';
import { archiveCopyCheck } from '../../../checks/postfix/archive-copy/index.js';
import { relayFilterCheck } from '../../../checks/postfix/relay-filter/index.js';
import { sentCopyCheck } from '../../../checks/postfix/sent-copy/index.js';

describe('the postfix checks that read main.cf and master.cf', () => {
  it.each([archiveCopyCheck, relayFilterCheck, sentCopyCheck])('$id requires postfix configured', (check) => {
    expect(check.requires).toEqual([postfixConfigured]);
  });
});
