import { describe, expect, it } from 'vitest';
import { setpostaclCronLine } from '../../src/ox/setpostacl.js';

describe('the setpostacl line of /etc/cron.d/ox', () => {
  it('finds the active line among the other OX jobs', () => {
    const cron =
      'SHELL=/bin/bash\n*/5 * * * * root /opt/open-xchange/sbin/setpostacl > /dev/null 2>&1\n15 3 * * * root /opt/open-xchange/sbin/purgit\n';
    expect(setpostaclCronLine(cron)).toBe('*/5 * * * * root /opt/open-xchange/sbin/setpostacl > /dev/null 2>&1');
  });

  it('ignores a commented-out line and says there is none', () => {
    expect(
      setpostaclCronLine('#*/5 * * * * root /opt/open-xchange/sbin/setpostacl\n  # setpostacl disabled\n'),
    ).toBeUndefined();
    expect(setpostaclCronLine('')).toBeUndefined();
  });
});
