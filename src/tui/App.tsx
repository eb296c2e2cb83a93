// The dashboard: renders the model's snapshots and turns keys into view changes and re-runs.
import { Box, Text, useApp, useInput } from 'ink';
import { useRef, useState, useSyncExternalStore } from 'react';
import type { DashboardModel } from './dashboard-model.js';
import { detailLines } from './detail-lines.js';
import { fit, STATUS_LABEL } from './format.js';
import { Grid } from './Grid.js';
import { Header } from './Header.js';
import { HelpView } from './HelpView.js';
import { keyNames } from './keys.js';
import { gridOf } from './matrix.js';
import { ResultList, windowTop } from './ResultList.js';
import { DetailView } from './DetailView.js';
import { BottomLines } from './BottomLines.js';
import { Paint } from './Paint.js';
import { visibleRows } from './rows.js';
import { transportProblems } from './transport-errors.js';
import { useTerminalSize, type Size } from './use-terminal-size.js';
import { useTicker } from './use-ticker.js';
import { handleKey, INITIAL, selectedIndex, type Effect, type KeyContext, type ViewState } from './view-state.js';

export interface AppProps {
  readonly model: DashboardModel;
  readonly color: boolean;
  readonly size?: Size; // fixed size (tests); default: the terminal's, following resizes
  readonly now?: () => number;
}

export function App({ model, color, size: fixedSize, now: clock = Date.now }: AppProps) {
  const state = useSyncExternalStore(model.subscribe, model.getSnapshot);
  const { columns, rows: height } = useTerminalSize(fixedSize);
  const [view, setView] = useState<ViewState>(INITIAL);
  const viewRef = useRef(view);
  const topRef = useRef(0);
  const ctxRef = useRef<KeyContext | undefined>(undefined);
  const { exit } = useApp();
  // Spinners turn 10 times a second while probes run; otherwise the ages tick once a second.
  const busy = !state.ready || state.store.sweep.running;
  const tick = useTicker(busy ? 100 : 1000);
  const now = clock();

  useInput((input, key) => {
    const ctx = ctxRef.current;
    if (!ctx) return;
    // Keys typed fast, repeated or sent over a slow link arrive in one read ("jjj"): each is a key press.
    for (const name of keyNames(input, key)) {
      const step = handleKey(viewRef.current, name, ctx);
      viewRef.current = step.state;
      if (step.effect) run(step.effect);
    }
    setView(viewRef.current);
  });
  const run = (effect: Effect): void => {
    if (effect.kind === 'quit') exit();
    else if (effect.kind === 'rerun') model.rerun(effect.keys);
    else model.rerunAll();
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
  const detail = entry ? detailLines(entry, state.changes.get(entry.key), width, now) : [];
  const detailHeight = Math.max(1, body - 1);
  ctxRef.current = {
    rows,
    page: view.mode === 'detail' ? detailHeight : listHeight,
    detailLength: detail.length,
    hosts: state.hosts,
    checks: state.checks,
  };
  const top = windowTop(topRef.current, selected, listHeight, rows.length);
  topRef.current = top;

  let main;
  if (view.mode === 'help') main = <HelpView height={body} columns={width} color={color} />;
  else if (entry) {
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
