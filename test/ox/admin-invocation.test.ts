import { describe, expect, it } from 'vitest';
import { findAdminInvocation } from '../../src/ox/admin-invocation.js';

describe('findAdminInvocation', () => {
  it("reads the context, admin and password of the seed's oxldapsync cron line, the password masked in the line", () => {
    const cron = [
      '# oxldapsync for all users',
      '*/30 * * * * root /opt/oxldapsync/sbin/oxldapsync.pl -f /opt/oxldapsync/etc/ldapsync-ads.conf -A oxadmin -P secret -c 1',
    ].join('\n');
    expect(findAdminInvocation(cron)).toEqual({
      context: 1,
      admin: 'oxadmin',
      password: 'secret',
      line: '*/30 * * * * root /opt/oxldapsync/sbin/oxldapsync.pl -f /opt/oxldapsync/etc/ldapsync-ads.conf -A oxadmin -P ******** -c 1',
    });
  });

  it("reads the lab's job script, which passes no password", () => {
    const script =
      'for conf in a b; do\n  /opt/oxldapsync/sbin/oxldapsync.pl -f "$conf" -A oxadmin -c 1 || rc=$?\ndone';
    expect(findAdminInvocation(script)).toMatchObject({ context: 1, admin: 'oxadmin' });
    expect(findAdminInvocation(script)?.password).toBeUndefined();
  });

  it('takes quoted values and the admin CLI as well as oxldapsync', () => {
    expect(findAdminInvocation('/opt/open-xchange/sbin/listuser -c 7 -A "ctx7admin" -P \'p w\'')).toMatchObject({
      context: 7,
      admin: 'ctx7admin',
      password: 'p w',
    });
  });

  it.each([
    ['a comment', '# /opt/oxldapsync/sbin/oxldapsync.pl -A oxadmin -c 1'],
    ['a variable instead of a literal admin', '/opt/oxldapsync/sbin/oxldapsync.pl -A "$ADMIN" -c 1'],
    ['no context', '/opt/oxldapsync/sbin/oxldapsync.pl -A oxadmin'],
    ['a context that is not a number', '/opt/oxldapsync/sbin/oxldapsync.pl -A oxadmin -c one'],
    ['another program', '/usr/bin/mytool -A oxadmin -c 1'],
  ])('finds nothing in %s', (_what, text) => {
    expect(findAdminInvocation(text)).toBeNull();
  });
});
