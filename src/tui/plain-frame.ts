// The dashboard's frame as plain ANSI text, for the moments before Ink has loaded (loading it takes
// longer than the 0.5 s in which the first frame must show): the same header, body line and footer as
// the Ink frame in the same state (App.tsx), so the screen does not jump when Ink takes over.
import type { DashboardState } from './dashboard-model.js';
import { fit } from './format.js';
import { headerLines, type Piece } from './header-text.js';
import { footerText } from './help-text.js';

const SGR: Readonly<Record<Piece['tone'], [string, string]>> = {
  accent: ['1;34', '22;39'],
  heading: ['1', '22'],
  label: ['36', '39'],
  dim: ['2', '22'],
  plain: ['', ''],
  ok: ['32', '39'],
  warn: ['33', '39'],
  crit: ['1;31', '22;39'],
  unknown: ['35', '39'],
};

function paint(piece: Piece, color: boolean): string {
  const [on, off] = SGR[piece.tone];
  if (piece.text === '') return '';
  if (!color) return piece.tone === 'heading' ? `\u001b[1m${piece.text}\u001b[22m` : piece.text;
  return on ? `\u001b[${on}m${piece.text}\u001b[${off}m` : piece.text;
}

export interface FrameOptions {
  readonly columns: number;
  readonly rows: number;
  readonly color: boolean;
  readonly now: number;
  readonly tick?: number;
}

// The lines of a frame while the dashboard is not ready (config loaded, hosts connecting).
export function plainFrameLines(state: DashboardState, o: FrameOptions): string[] {
  const width = Math.max(20, o.columns);
  const lines = Math.max(6, o.rows - 1); // as App.tsx: one line kept free
  const body = lines - 4;
  const header = headerLines(state, o.now, o.tick ?? 0, width).map((line) => line.map((p) => paint(p, o.color)).join(''));
  const notice = state.notices[state.notices.length - 1];
  return [
    ...header,
    paint({ text: fit(`${state.activity ?? 'starting'}...`, width), tone: 'dim' }, o.color),
    ...Array.from({ length: body - 1 }, () => ''),
    notice ? paint({ text: fit(notice, width), tone: 'warn' }, o.color) : '',
    paint({ text: fit(footerText(), width), tone: 'dim' }, o.color),
  ];
}

// Home, each line cleared to its end, and the rest of the screen cleared.
export function plainFrame(state: DashboardState, o: FrameOptions): string {
  return `\u001b[H${plainFrameLines(state, o).map((l) => `${l}\u001b[K`).join('\r\n')}\u001b[J`;
}
