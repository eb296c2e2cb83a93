// How `l` enters the log pane and how the pane's own effects leave it, in the dashboard's view reducer.
import { describe, expect, it } from 'vitest';
import { closeLogs, handleKey, INITIAL, logsHelp, type KeyContext } from '../../src/tui/view-state.js';

const CTX: KeyContext = { rows: [], page: 10, detailLength: 0, hosts: ['relay'], checks: ['host/ssh'] };

describe('the log pane in the view state', () => {
  it('opens on l from the overview and the detail view, and back returns to that view', () => {
    const fromOverview = handleKey(INITIAL, 'l', CTX).state;
    expect(fromOverview.mode).toBe('logs');
    expect(closeLogs(fromOverview).mode).toBe('overview');
    const detail = { ...INITIAL, mode: 'detail' as const, selected: 'host/ssh@relay' };
    const fromDetail = handleKey(detail, 'l', CTX).state;
    expect(fromDetail.mode).toBe('logs');
    expect(closeLogs(fromDetail)).toMatchObject({ mode: 'detail', selected: 'host/ssh@relay' });
  });

  it('hands every key in the pane to the pane, q and space included', () => {
    const logs = handleKey(INITIAL, 'l', CTX).state;
    for (const name of ['q', 'space', 't', '/', 'esc', 'j'])
      expect(handleKey(logs, name, CTX)).toEqual({ state: logs, effect: { kind: 'logs-key', name } });
  });

  it("returns from the pane's help to the pane", () => {
    const help = logsHelp(handleKey(INITIAL, 'l', CTX).state);
    expect(help.mode).toBe('help');
    expect(handleKey(help, 'esc', CTX).state.mode).toBe('logs');
    expect(handleKey(help, '?', CTX).state.mode).toBe('logs');
  });

  it('takes l as text while the overview filter is typed', () => {
    const typing = handleKey(INITIAL, '/', CTX).state;
    const after = handleKey(typing, 'l', CTX).state;
    expect(after.mode).toBe('overview');
    expect(after.input?.text).toBe('l');
  });
});
