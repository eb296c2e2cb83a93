// The dashboard's frame as plain ANSI text, for the moments before Ink has loaded (loading it takes
// longer than the 0.5 s in which the first frame must show): the same header, body line and footer as
// the Ink frame in the same state (App.tsx), so the screen does not jump when Ink takes over.
import { dim, paint as paintStatus } from '../reporters/ansi.js';
import type { DashboardState } from './dashboard-model.js';
import { fit } from './format.js';
import { headerLines, type Piece } from './header-text.js';
import { footerText } from './help-text.js';

// Statuses and dim as the text reporter colours them; the rest as Paint.tsx does (bold headings also without colour).
function paint(piece: Piece, color: boolean): string {
  const { text, tone } = piece;
  if (text === '') return '';
  switch (tone) {
    case 'ok':
    case 'warn':
    case 'crit':
    case 'unknown':
      return paintStatus(tone, text, color);
    case 'dim':
      return dim(text, color);
    case 'heading':
      return `\u001b[1m${text}\u001b[0m`;
    case 'accent':
      return color ? `\u001b[1;34m${text}\u001b[0m` : text;
    case 'label':
      return color ? `\u001b[36m${text}\u001b[0m` : text;
    default:
      return text;
  }
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
  const header = headerLines(state, o.now, o.tick ?? 0, width).map((line) =>
    line.map((p) => paint(p, o.color)).join(''),
  );
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
  return `\u001b[H${plainFrameLines(state, o)
    .map((l) => `${l}\u001b[K`)
    .join('\r\n')}\u001b[J`;
}
