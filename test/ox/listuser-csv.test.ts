import { describe, expect, it } from 'vitest';
import { field, ListuserCsvError, parseListuserCsv } from '../../src/ox/listuser-csv.js';

// Captured from the lab's stand-in (serverb, shuffled column order), trimmed to a few columns.
const STANDIN = [
  'ImapServer,Mail_folder_drafts_name,Email1,Title,Given_name,PrimaryEmail,Mailenabled,Name,ImapLogin,SmtpServer,Id,access-calendar,access-webmail',
  '"127.0.10.4","Drafts","test1001@oxmail.example.com",,"Test","test1001@oxmail.example.com","true","test1001","test1001","127.0.10.4","1710","true","true"',
  '',
].join('\n');

// OX's own doCSVOutput: unquoted header, every non-null value quoted, "" for a quote, null as nothing,
// values with commas and line breaks kept inside the quotes; CRLF line ends as on a Windows-edited export.
const REAL_FORMAT =
  'Id,Name,Display_name,Aliases,Note,access-calendar\r\n' +
  '"2","oxadmin","Context Admin","admin@example.com, postmaster@example.com",,"true"\r\n' +
  '"3","jdoe","Doe, John ""JD""","jdoe@example.com","line one\nline two","false"\r\n';

describe('parseListuserCsv', () => {
  it('reads the stand-in output by header name whatever the column order', () => {
    const { columns, users } = parseListuserCsv(STANDIN);
    expect(columns[0]).toBe('ImapServer');
    expect(users).toHaveLength(1);
    const u = users[0]!;
    expect(field(u, 'Name')).toBe('test1001');
    expect(field(u, 'ImapServer')).toBe('127.0.10.4');
    expect(field(u, 'access-webmail')).toBe('true');
    expect(field(u, 'Title')).toBeNull();
    expect(field(u, 'NoSuchColumn')).toBeUndefined();
  });

  it('keeps commas, doubled quotes and line breaks inside quoted values, and reads CRLF records', () => {
    const { users } = parseListuserCsv(REAL_FORMAT);
    expect(users.map((u) => field(u, 'Name'))).toEqual(['oxadmin', 'jdoe']);
    expect(field(users[0]!, 'Aliases')).toBe('admin@example.com, postmaster@example.com');
    expect(field(users[0]!, 'Note')).toBeNull();
    expect(field(users[1]!, 'Display_name')).toBe('Doe, John "JD"');
    expect(field(users[1]!, 'Note')).toBe('line one\nline two');
    expect(field(users[1]!, 'access-calendar')).toBe('false');
  });

  it('tells an empty quoted value from a null one', () => {
    const { users } = parseListuserCsv('Id,Name,Title,Note\n"5","x","",\n');
    expect(field(users[0]!, 'Title')).toBe('');
    expect(field(users[0]!, 'Note')).toBeNull();
  });

  it('returns no users for empty output (listuser -s matched nothing)', () => {
    expect(parseListuserCsv('').users).toEqual([]);
    expect(parseListuserCsv('Id,Name\n').users).toEqual([]);
  });

  it('refuses a record whose field count differs from the header, and an unterminated quote', () => {
    expect(() => parseListuserCsv('Id,Name\n"1"\n')).toThrow(ListuserCsvError);
    expect(() => parseListuserCsv('Id,Name\n"1","open\n')).toThrow(/ends inside a quoted value/);
  });

  // Its speed is measured by `npm run bench:sync` (the parse time of a 10,000-user listing).
  it('parses 10,000 users', () => {
    const header = 'Id,Name,PrimaryEmail,access-webmail';
    const rows = Array.from({ length: 10_000 }, (_, i) => `"${i}","user${i}","user${i}@example.com","true"`);
    const { users } = parseListuserCsv([header, ...rows].join('\n'));
    expect(users).toHaveLength(10_000);
    expect(users[9_999]?.get('Name')).toBe('user9999');
  });
});
