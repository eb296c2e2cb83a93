// Mounts the dashboard with a bounded frame rate; ctrl-c is handled as a key, so quitting always
// takes the same path (the caller restores the terminal and closes the connections).
import { createElement } from 'react';
import { render } from 'ink';
import { App } from './App.js';
import type { DashboardModel } from './dashboard-model.js';

export interface Mounted {
  readonly done: Promise<void>; // settles when the user quits
  unmount(): void;
}

export function startDashboard(model: DashboardModel, color: boolean): Mounted {
  const ink = render(createElement(App, { model, color }), { exitOnCtrlC: false, patchConsole: true, maxFps: 20 });
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
