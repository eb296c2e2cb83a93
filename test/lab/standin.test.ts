// The OX stand-in: listuser's CSV layout (read by header name, column order not stable), its exit codes,
// and oxldapsync against AD's 1000-entry cap.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_ADDRESSES, breakFault, healFault, labExec, labPaths, type LabRun } from './lab.js';

const LISTUSER = '/opt/open-xchange/sbin/listuser';
let adminPassword = '';

// Runs listuser on servera with the admin password on stdin, exported as ADMIN_PASSWORD (never in argv).
function listuser(args: readonly string[], opts: { password?: string; env?: readonly string[] } = {}): Promise<LabRun> {
  const script = 'read -r ADMIN_PASSWORD; export ADMIN_PASSWORD; exec env "$@"';
  return labExec('servera', ['sh', '-c', script, 'listuser', ...(opts.env ?? []), LISTUSER, ...args], {
    stdin: `${opts.password ?? adminPassword}\n`,
  });
}

// RFC 4180-style CSV as listuser writes it: unquoted header, quoted values with "" escapes, empty = null.
function parseCsv(text: string): Array<Record<string, string | null>> {
  const lines = text.split('\n').filter((l) => l !== '');
  const header = (lines[0] ?? '').split(',');
  return lines.slice(1).map((line) => {
    const values: Array<string | null> = [];
    let i = 0;
    while (i <= line.length) {
      if (line[i] === '"') {
        let v = '';
        i++;
        for (;;) {
          if (line[i] === '"' && line[i + 1] === '"') {
            v += '"';
            i += 2;
          } else if (line[i] === '"') {
            i++;
            break;
          } else {
            v += line[i];
            i++;
          }
        }
        values.push(v);
        i++;
      } else {
        const end = line.indexOf(',', i);
        values.push(null);
        i = end < 0 ? line.length + 1 : end + 1;
      }
    }
    return Object.fromEntries(header.map((h, k) => [h, values[k] ?? null]));
  });
}

async function allUsers(): Promise<Array<Record<string, string | null>>> {
  const run = await listuser(['-c', '1', '-A', 'oxadmin', '--csv']);
  expect(run.code).toBe(0);
  return parseCsv(run.stdout);
}

const groupwareUsers = (rows: Array<Record<string, string | null>>): number =>
  rows.filter((r) => r['access-calendar'] === 'true' && r.Name !== 'oxadmin').length;

beforeAll(async () => {
  adminPassword = (await readFile(path.join((await labPaths()).secrets, 'ox-admin.pw'), 'utf8')).trim();
});

describe('listuser --csv', () => {
  it('prints the test user with its AD address, IMAP login and server and the full groupware access set', async () => {
    const run = await listuser(['-c', '1', '-A', 'oxadmin', '-s', 'test1001', '--csv']);
    expect(run.code).toBe(0);
    const header = run.stdout.split('\n')[0] ?? '';
    expect(header).not.toContain('"');
    for (const col of [
      'Id',
      'Name',
      'Display_name',
      'PrimaryEmail',
      'ImapLogin',
      'ImapServer',
      'SmtpServer',
      'access-webmail',
    ]) {
      expect(header.split(',')).toContain(col);
    }
    const rows = parseCsv(run.stdout);
    expect(rows).toHaveLength(1);
    const user = rows[0] ?? {};
    expect(user.Name).toBe('test1001');
    expect(user.ImapLogin).toBe('test1001');
    expect(user.PrimaryEmail).toMatch(/^test1001@/);
    expect(user.ImapServer).toBe(LAB_ADDRESSES.servera);
    expect(user['access-calendar']).toBe('true');
    expect(user['access-webmail']).toBe('true');
  });

  it('changes its column order between runs while every value stays under its header', async () => {
    const runs = await Promise.all(
      [1, 2, 3, 4].map(() => listuser(['-c', '1', '-A', 'oxadmin', '-s', 'test1001', '--csv'])),
    );
    const headers = new Set(runs.map((r) => r.stdout.split('\n')[0]));
    expect(headers.size).toBeGreaterThan(1);
    const records = runs.map((r) => JSON.stringify(Object.entries(parseCsv(r.stdout)[0] ?? {}).sort()));
    expect(new Set(records).size).toBe(1);
  });

  it('holds more than 1000 groupware users and infostore-only users without calendar access', async () => {
    const rows = await allUsers();
    expect(groupwareUsers(rows)).toBeGreaterThan(1000);
    const infostore = rows.filter((r) => r['access-calendar'] === 'false' && r['access-infostore'] === 'true');
    expect(infostore.length).toBeGreaterThan(0);
    expect(infostore.every((r) => r['access-webmail'] === 'true' && r['access-tasks'] === 'false')).toBe(true);
  });
});

describe('listuser exit codes follow the real admin CLI', () => {
  it('answers 101 to a wrong admin password, 102 to an unknown context, 104 without -c and 111 to an unknown option', async () => {
    const wrong = await listuser(['-c', '1', '-A', 'oxadmin', '--csv'], { password: 'not-the-password' });
    const context = await listuser(['-c', '99', '-A', 'oxadmin', '--csv']);
    const missing = await listuser(['-A', 'oxadmin', '--csv']);
    const unknown = await listuser(['-c', '1', '-A', 'oxadmin', '--bogus']);
    expect([wrong.code, context.code, missing.code, unknown.code]).toEqual([101, 102, 104, 111]);
    expect(wrong.stderr).toContain('Authentication failed');
    expect(context.stderr).toContain('Context 99 does not exist');
  });

  describe('with the configdb down', () => {
    afterAll(async () => {
      await healFault('configdb-down');
    });
    it('answers 106 with the storage error', async () => {
      await breakFault('configdb-down');
      const run = await listuser(['-c', '1', '-A', 'oxadmin', '-s', 'test1001', '--csv']);
      expect(run.code).toBe(106);
      expect(run.stderr).toContain('Cannot get connection to config DB');
    });
  });
});

describe('oxldapsync', () => {
  afterAll(async () => {
    await healFault('sync-truncated');
    await healFault('user-missing-from-ox');
  });

  it('stops at 1000 entries with ldaptype = openldap and logs the size limit; paging brings the rest back', async () => {
    await breakFault('sync-truncated');
    expect(groupwareUsers(await allUsers())).toBe(1000);
    const log = await labExec('servera', ['tail', '-n', '20', '/var/log/oxldapsync.log']);
    expect(log.stdout).toContain('Size limit exceeded');
    await healFault('sync-truncated');
    expect(groupwareUsers(await allUsers())).toBeGreaterThan(1000);
  });

  it('lists nothing but the header for a user missing from OX, until the next sync', async () => {
    await breakFault('user-missing-from-ox');
    const gone = await listuser(['-c', '1', '-A', 'oxadmin', '-s', 'test1001', '--csv']);
    expect(gone.code).toBe(0);
    expect(parseCsv(gone.stdout)).toHaveLength(0);
    await healFault('user-missing-from-ox');
    const back = await listuser(['-c', '1', '-A', 'oxadmin', '-s', 'test1001', '--csv']);
    expect(parseCsv(back.stdout)).toHaveLength(1);
  });
});
