// Mounts the dashboard with a bounded frame rate; ctrl-c is handled as a key, so quitting always
// takes the same path (the caller restores the terminal and closes the connections).
import { createElement } from 'react';
import { render } from 'ink';
import { App } from './App.js';
import type { DashboardModel } from './dashboard-model.js';
import type { LogFeed } from './log-feed.js';
import type { UserFeed } from './user-feed.js';

export interface Mounted {
  readonly done: Promise<void>; // settles when the user quits
  unmount(): void;
}

// The frame rate is bounded at its sources: the model's snapshots (one per 80 ms at most) and the spinner
// ticks (10 a second while probes run). Ink's own cap only stops a key-repeat storm; at 20 a second it
// held a key's frame back up to 50 ms behind the last snapshot's.
export const MAX_FPS = 60;

export function startDashboard(model: DashboardModel, color: boolean, logs?: LogFeed, user?: UserFeed): Mounted {
  const ink = render(createElement(App, { model, color, ...(logs ? { logs } : {}), ...(user ? { user } : {}) }), {
    exitOnCtrlC: false,
    patchConsole: true,
    maxFps: MAX_FPS,
  });
  let unmounted = false;
  return {
    done: ink.waitUntilExit().then(() => undefined),
    unmount: () => {
      if (unmounted) return;
      unmounted = true;
      ink.unmount();
    },
  };
}
