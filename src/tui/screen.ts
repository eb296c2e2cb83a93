// The terminal around the dashboard: the alternate screen (the shell's screen comes back on quit), a
// splash drawn before the config has loaded, and the frames drawn without Ink until Ink has loaded
// (loading Ink alone can take longer than the 0.5 s in which the first frame must show). No React here.
import type { Writable } from 'node:stream';

const ENTER = '\u001b[?1049h\u001b[H\u001b[2J';
const LEAVE = '\u001b[?1049l';
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';

export interface Screen {
  // Writes a whole frame drawn without Ink (tui/plain-frame.ts).
  draw(frame: string): void;
  // Clears what the splash drew so Ink starts on an empty screen.
  clear(): void;
  leave(): void;
}

// onInterrupt: what must be undone before a ctrl-c before Ink ends the process.
export function enterScreen(
  out: Writable & { columns?: number },
  color: boolean,
  onInterrupt: () => void = () => undefined,
): Screen {
  const title = 'oxdoctor';
  const line = `${color ? `\u001b[1;34m${title}\u001b[0m` : title}  starting: loading the configuration`;
  out.write(`${ENTER}${HIDE_CURSOR}${line}\r\n`);
  let left = false;
  // Until Ink takes the keyboard (raw mode), ctrl-c is a signal: give the shell its screen back.
  const interrupted = (): void => {
    leave();
    onInterrupt();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  const leave = (): void => {
    if (left) return;
    left = true;
    process.off('SIGINT', interrupted);
    out.write(`${SHOW_CURSOR}${LEAVE}`);
  };
  return {
    draw: (frame) => {
      if (!left) out.write(frame);
    },
    clear: () => {
      if (!left) out.write('\u001b[H\u001b[2J');
    },
    leave,
  };
}
