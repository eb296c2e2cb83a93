// OX's records of one user in open-xchange.log.0, as `grep -F -B1 '(ox1175)'` printed them on the lab's servera
// (the OX stand-in writes the admin daemon's logback records) during sync-truncated and its heal.
import { describe, expect, it } from 'vitest';
import { parseUserRecordEvents } from '../../../src/user/ox/admin-records.js';

const GREP = `2026-12-07T05:13:19,421+0000 INFO  [RMI TCP Connection(202)-127.0.0.1] com.openexchange.admin.rmi.impl.OXUser.create(OXUser.java:583)
User 3334 (ox1175) created in context 1
--
2026-12-07T05:16:34,580+0000 INFO  [RMI TCP Connection(202)-127.0.0.1] com.openexchange.admin.rmi.impl.OXUser.delete(OXUser.java:912)
User 3334 (ox1175) deleted from context 1
--
2026-12-07T05:16:36,187+0000 INFO  [RMI TCP Connection(202)-127.0.0.1] com.openexchange.admin.rmi.impl.OXUser.create(OXUser.java:583)
User 3537 (ox1175) created in context 1
2026-12-07T05:16:37,000+0000 INFO  [RMI TCP Connection(203)-127.0.0.1] com.openexchange.admin.rmi.impl.OXUser.create(OXUser.java:583)
User 3538 (ox11750) created in context 1
`;

describe('parseUserRecordEvents', () => {
  it("gives the user's creations and deletions with their times, oldest first, and not a longer login's", () => {
    expect(parseUserRecordEvents(GREP, 'OX1175')).toEqual([
      {
        at: Date.parse('2026-12-07T05:13:19.421Z'),
        action: 'created',
        id: '3334',
        line: 'User 3334 (ox1175) created in context 1',
      },
      {
        at: Date.parse('2026-12-07T05:16:34.580Z'),
        action: 'deleted',
        id: '3334',
        line: 'User 3334 (ox1175) deleted from context 1',
      },
      {
        at: Date.parse('2026-12-07T05:16:36.187Z'),
        action: 'created',
        id: '3537',
        line: 'User 3537 (ox1175) created in context 1',
      },
    ]);
  });

  it('keeps a message line whose header was cut off (the first line of tail), without a time', () => {
    expect(parseUserRecordEvents('User 3334 (ox1175) deleted from context 1\n', 'ox1175')).toEqual([
      { at: undefined, action: 'deleted', id: '3334', line: 'User 3334 (ox1175) deleted from context 1' },
    ]);
  });
});
