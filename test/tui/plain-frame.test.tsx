// The plain first frame (drawn before Ink has loaded) must be the frame Ink then draws in the same state,
// or the screen jumps when Ink takes over.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/tui/App.js';
import { DashboardModel } from '../../src/tui/dashboard-model.js';
import { plainFrame, plainFrameLines } from '../../src/tui/plain-frame.js';

const SIZE = { columns: 80, rows: 24 };
const NOW = 1_700_000_000_000;
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');

function startingModel(notice?: string): DashboardModel {
  const model = new DashboardModel({ refreshSeconds: 600 });
  model.setActivity('connecting to 3 hosts, discovering roles', 'oxdoctor lab');
  if (notice) model.notice(notice);
  return model;
}

function inkLines(model: DashboardModel): string[] {
  const ink = render(<App model={model} color={false} size={SIZE} now={() => NOW} />);
  const frame = ink.lastFrame() ?? '';
  ink.unmount();
  return frame.split('\n').map((l) => l.trimEnd());
}

describe('the plain first frame', () => {
  it('has the lines Ink draws for a dashboard whose hosts are connecting', () => {
    const model = startingModel();
    const plain = plainFrameLines(model.getSnapshot(), { ...SIZE, color: false, now: NOW }).map((l) => l.trimEnd());
    expect(plain).toEqual(inkLines(model));
    expect(plain[0]).toMatch(/^oxdoctor {2}oxdoctor lab +connecting to 3 hosts, discovering roles ⠋$/);
    expect(plain[1]).toMatch(/^CRIT 0 {2}UNKN 0 {2}WARN 0 {2}OK 0 {2}0 checks on 0 hosts$/);
    expect(plain).toHaveLength(SIZE.rows - 1);
  });

  it('shows the config warnings as Ink does, and in colour carries the same text', () => {
    const model = startingModel('warning: host exchange has no ssh section');
    const plain = plainFrameLines(model.getSnapshot(), { ...SIZE, color: false, now: NOW }).map((l) => l.trimEnd());
    expect(plain).toEqual(inkLines(model));
    expect(plain[SIZE.rows - 3]).toBe('warning: host exchange has no ssh section');
    const coloured = plainFrameLines(model.getSnapshot(), { ...SIZE, color: true, now: NOW });
    expect(coloured[0]).toContain('\u001b[1;34moxdoctor  oxdoctor lab\u001b[0m');
    expect(coloured.map((l) => stripAnsi(l).trimEnd())).toEqual(plain);
  });

  it('is written from the top left, each line cleared to its end', () => {
    const text = plainFrame(startingModel().getSnapshot(), { ...SIZE, color: false, now: NOW });
    expect(text.startsWith('\u001b[H')).toBe(true);
    expect(text.endsWith('\u001b[J')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(SIZE.rows - 1);
  });
});
