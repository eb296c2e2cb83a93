// The dashboard: renders the model's snapshots and turns keys into view changes and re-runs.
import { Box, Text, useApp, useInput } from 'ink';
import { useRef, useState, useSyncExternalStore } from 'react';
import { logRuleFor } from './check-log-lines.js';
import type { DashboardModel } from './dashboard-model.js';
import { detailLines, type CheckLogLines } from './detail-lines.js';
import { fit, STATUS_LABEL } from './format.js';
import { Grid } from './Grid.js';
import { Header } from './Header.js';
import { HelpView } from './HelpView.js';
import { keyNames } from './keys.js';
import { LogFeed, type LogFeedSnapshot } from './log-feed.js';
import { logBodyHeight, LogPane } from './LogPane.js';
import { gridOf } from './matrix.js';
import { ResultList, windowTop } from './ResultList.js';
import { DetailView } from './DetailView.js';
import { BottomLines } from './BottomLines.js';
import { Paint } from './Paint.js';
import { visibleRows } from './rows.js';
import { transportProblems } from './transport-errors.js';
import { useTerminalSize, type Size } from './use-terminal-size.js';
import { useTicker } from './use-ticker.js';
import { UserFeed } from './user-feed.js';
import { userEvidenceHeight, userEvidenceLines, UserView } from './UserView.js';
import {
  closeLogs,
  closeUser,
  handleKey,
  INITIAL,
  logsHelp,
  userHelp,
  selectedIndex,
  type Effect,
  type KeyContext,
  type ViewState,
} from './view-state.js';

export interface AppProps {
  readonly model: DashboardModel;
  readonly logs?: LogFeed; // the log pane's model; without one, `l` shows a pane whose stream is off
  readonly user?: UserFeed; // the user view's model; without a run attached, `u` waits for one
  readonly color: boolean;
  readonly size?: Size; // fixed size (tests); default: the terminal's, following resizes
  readonly now?: () => number;
}

const NO_LOGS = new LogFeed();
const NO_USER = new UserFeed();
const unsubscribed = (): (() => void) => () => undefined;

export function App({
  model,
  logs = NO_LOGS,
  user = NO_USER,
  color,
  size: fixedSize,
  now: clock = Date.now,
}: AppProps) {
  const state = useSyncExternalStore(model.subscribe, model.getSnapshot);
  const { columns, rows: height } = useTerminalSize(fixedSize);
  const [view, setView] = useState<ViewState>(INITIAL);
  // Log frames redraw only the views that show log lines: the pane and a check's detail.
  const showsLogs = view.mode === 'logs' || view.mode === 'detail';
  const feed = useSyncExternalStore(showsLogs ? logs.subscribe : unsubscribed, logs.getSnapshot);
  const userView = useSyncExternalStore(view.mode === 'user' ? user.subscribe : unsubscribed, user.getSnapshot);
  const userKeysRef = useRef({ page: 1, evidenceLength: 0 });
  const userTopRef = useRef(0);
  const viewRef = useRef(view);
  const topRef = useRef(0);
  const logTopRef = useRef(0);
  const ctxRef = useRef<KeyContext | undefined>(undefined);
  const { exit } = useApp();
  // Spinners turn 10 times a second while probes run; otherwise the ages tick once a second.
  const busy = !state.ready || state.store.sweep.running || (view.mode === 'user' && !!userView.running);
  const tick = useTicker(busy ? 100 : 1000);
  const now = clock();

  useInput((input, key) => {
    const ctx = ctxRef.current;
    if (!ctx) return;
    // Keys typed fast, repeated or sent over a slow link arrive in one read ("jjj"): each is a key press.
    for (const name of keyNames(input, key)) {
      const step = handleKey(viewRef.current, name, ctx);
      viewRef.current = step.state;
      if (step.effect) run(step.effect, ctx);
    }
    setView(viewRef.current);
  });
  const run = (effect: Effect, ctx: KeyContext): void => {
    if (effect.kind === 'quit') exit();
    else if (effect.kind === 'rerun') model.rerun(effect.keys);
    else if (effect.kind === 'rerun-all') model.rerunAll();
    else if (effect.kind === 'user-open') user.open();
    else if (effect.kind === 'user-key') {
      const done = user.key(effect.name, userKeysRef.current);
      if (done?.kind === 'close') viewRef.current = closeUser(viewRef.current);
      else if (done?.kind === 'help') viewRef.current = userHelp(viewRef.current);
      else if (done?.kind === 'quit') exit();
    } else {
      const done = logs.key(effect.name, ctx.page);
      if (done?.kind === 'close') viewRef.current = closeLogs(viewRef.current);
      else if (done?.kind === 'help') viewRef.current = logsHelp(viewRef.current);
      else if (done?.kind === 'quit') exit();
    }
  };

  // Screen budget: Ink redraws by clearing when the output fills the terminal, so keep one line free.
  const lines = Math.max(6, height - 1);
  const width = Math.max(20, columns);
  const rows = visibleRows(state.store, view.filters, state.order);
  const selected = selectedIndex(rows, view.selected);
  const current = rows[selected];
  const problems = transportProblems(state.store);
  const notice = state.notices[state.notices.length - 1];
  const body = lines - 2 /* header */ - 2; /* status line and footer */
  const grid = gridOf(state.store, state.hosts, state.groups);
  const gridHosts = Math.min(grid.hosts.length, Math.max(1, Math.floor(body / 3)));
  const listHeight = Math.max(1, body - (gridHosts + 1) - 1);

  const entry = view.mode === 'detail' && view.selected ? state.store.byKey.get(view.selected) : undefined;
  const detail = entry ? detailLines(entry, state.changes.get(entry.key), width, now, logLinesOf(entry, feed)) : [];
  const detailHeight = Math.max(1, body - 1);
  const pages = {
    detail: detailHeight,
    logs: logBodyHeight(body + 2),
    user: userEvidenceHeight(body + 2),
    overview: listHeight,
    help: listHeight,
  };
  userKeysRef.current = { page: pages.user, evidenceLength: userEvidenceLines(userView, width).length };
  ctxRef.current = {
    rows,
    page: pages[view.mode],
    detailLength: detail.length,
    hosts: state.hosts,
    checks: state.checks,
  };
  const top = windowTop(topRef.current, selected, listHeight, rows.length);
  topRef.current = top;

  if (view.mode === 'logs') {
    return (
      <Box flexDirection="column" width={width} height={lines}>
        <Header state={state} now={now} tick={tick} columns={width} color={color} />
        <LogPane feed={feed} height={body + 2} columns={width} color={color} top={logTopRef} />
      </Box>
    );
  }
  if (view.mode === 'user') {
    return (
      <Box flexDirection="column" width={width} height={lines}>
        <Header state={state} now={now} tick={tick} columns={width} color={color} />
        <UserView state={userView} height={body + 2} columns={width} color={color} tick={tick} top={userTopRef} />
      </Box>
    );
  }
  let main;
  if (view.mode === 'help') {
    const scope = view.back === 'logs' || view.back === 'user' ? { scope: view.back } : {};
    main = <HelpView height={body} columns={width} color={color} {...scope} />;
  } else if (entry) {
    const shown = entry.result ?? entry.previous;
    const label = shown ? STATUS_LABEL[shown.status] : '....';
    main = (
      <DetailView
        title={`${label} ${entry.check} @ ${entry.host}  ${entry.title}`}
        titleTone={shown?.status ?? 'dim'}
        lines={detail}
        scroll={Math.min(view.detailScroll, Math.max(0, detail.length - detailHeight))}
        height={detailHeight}
        columns={width}
        color={color}
      />
    );
  } else if (!state.ready) {
    main = (
      <Box height={body}>
        <Paint tone="dim" color={color}>
          {fit(`${state.activity ?? 'starting'}...`, width)}
        </Paint>
      </Box>
    );
  } else {
    main = (
      <Box flexDirection="column" height={body}>
        <Grid grid={grid} columns={width} maxHosts={gridHosts} tick={tick} color={color} selectedHost={current?.host} />
        <Text wrap="truncate">
          <Paint tone="heading" color={color}>
            {fit(listTitle(view, rows.length, state.store.entries.length), width)}
          </Paint>
        </Text>
        <ResultList
          rows={rows}
          selected={selected}
          top={top}
          height={listHeight}
          columns={width}
          tick={tick}
          color={color}
        />
      </Box>
    );
  }

  return (
    <Box flexDirection="column" width={width} height={lines}>
      <Header state={state} now={now} tick={tick} columns={width} color={color} />
      {main}
      <BottomLines view={view} problems={problems} notice={notice} columns={width} color={color} />
    </Box>
  );
}

// The detail view's log lines: what the check's rule kept of its host's stream (none: the check has no rule).
function logLinesOf(entry: { check: string; host: string }, feed: LogFeedSnapshot): CheckLogLines | undefined {
  const rule = logRuleFor(entry.check);
  return rule && { about: rule.about, lines: feed.recent.get(`${rule.check}@${entry.host}`) ?? [] };
}

// "checks 12 of 47 · problems only · host relay · /clam/".
export function listTitle(view: ViewState, shown: number, total: number): string {
  const f = view.filters;
  const parts = [`checks ${shown === total ? total : `${shown} of ${total}`}`];
  if (f.problemsOnly) parts.push('problems only');
  if (f.host) parts.push(`host ${f.host}`);
  if (f.check) parts.push(`check ${f.check}`);
  if (f.text) parts.push(`/${f.text}/`);
  return parts.join(' · ');
}
