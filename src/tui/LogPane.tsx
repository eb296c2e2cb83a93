// `l`: the merged live stream of every host's logs (a colour per host), or the trace opened from a line with
// `t`. It draws from the log feed's snapshot, which changes at most 10 times a second whatever the line rate.
import { Box, Text } from 'ink';
import { fit } from './format.js';
import { logFooterText } from './help-text.js';
import type { LogFeedSnapshot } from './log-feed.js';
import { hostColor, logLineText } from './log-line-text.js';
import { selectedLineIndex, shownLines, type LogPaneState, type TraceView } from './log-pane-state.js';
import { Paint } from './Paint.js';
import { windowTop } from './ResultList.js';

export interface LogPaneProps {
  readonly feed: LogFeedSnapshot;
  readonly height: number; // every line below the header, the footer included
  readonly columns: number;
  readonly color: boolean;
  readonly top: { current: number }; // the window's first line, kept between frames so it moves little
}

// Lines of the list (or the trace) on screen: the height less title, status line and footer.
export function logBodyHeight(height: number): number {
  return Math.max(1, height - 3);
}

export function LogPane({ feed, height, columns, color, top }: LogPaneProps) {
  const pane = feed.pane;
  const body = logBodyHeight(height);
  const trace = pane.trace;
  return (
    <Box flexDirection="column" height={height}>
      <Text wrap="truncate">
        <Paint tone="heading" color={color}>
          {fit(trace ? traceTitle(trace, pane.column) : streamTitle(feed), columns)}
        </Paint>
      </Text>
      {trace ? (
        <TraceBody trace={trace} column={pane.column} height={body} columns={columns} color={color} />
      ) : (
        <StreamBody feed={feed} height={body} columns={columns} color={color} top={top} />
      )}
      <Text wrap="truncate">
        <Paint tone={pane.message ? 'warn' : 'dim'} color={color}>
          {fit(statusText(feed), columns) || ' '}
        </Paint>
      </Text>
      <Text wrap="truncate">
        {pane.input ? (
          `/${fit(pane.input.text, columns - 3)}_`
        ) : (
          <Paint tone="dim" color={color}>
            {fit(logFooterText(), columns)}
          </Paint>
        )}
      </Text>
    </Box>
  );
}

function StreamBody({ feed, height, columns, color, top }: Omit<LogPaneProps, 'height'> & { height: number }) {
  const shown = shownLines(feed.pane);
  const selected = selectedLineIndex(feed.pane, shown.length);
  // Live: the newest lines at the bottom. Paused or scrolled: the cursor's line stays on screen.
  const first = feed.pane.paused
    ? windowTop(top.current, selected, height, shown.length)
    : Math.max(0, shown.length - height);
  top.current = first;
  const hostWidth = Math.max(4, ...feed.hosts.map((h) => h.length));
  const rows = shown.slice(first, first + height);
  if (rows.length === 0)
    return (
      <Box height={height}>
        <Paint tone="dim" color={color}>
          {fit(emptyText(feed), columns)}
        </Paint>
      </Box>
    );
  return (
    <Box flexDirection="column" height={height}>
      {rows.map((line, i) => {
        const text = fit(`${line.host.padEnd(hostWidth)} ${logLineText(line).slice(feed.pane.column)}`, columns);
        const host = text.slice(0, hostWidth);
        return (
          <Text key={first + i} wrap="truncate">
            {first + i === selected && feed.pane.paused ? (
              <Text inverse>{text}</Text>
            ) : (
              <>
                {color ? <Text color={hostColor(line.host, feed.hosts)}>{host}</Text> : host}
                {text.slice(hostWidth)}
              </>
            )}
          </Text>
        );
      })}
    </Box>
  );
}

interface TraceBodyProps {
  readonly trace: TraceView;
  readonly column: number; // characters scrolled off to the left
  readonly height: number;
  readonly columns: number;
  readonly color: boolean;
}

function TraceBody({ trace, column, height, columns, color }: TraceBodyProps) {
  const lines = trace.lines.length > 0 ? trace.lines : [trace.progress ?? 'searching the hosts...'];
  const shown = lines.slice(trace.scroll, trace.scroll + height);
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((l, i) => (
        <Text key={trace.scroll + i} wrap="truncate">
          <Paint tone={trace.failed ? 'crit' : trace.lines.length === 0 ? 'dim' : 'plain'} color={color}>
            {fit(l.slice(column), columns) || ' '}
          </Paint>
        </Text>
      ))}
    </Box>
  );
}

// "logs · 3 hosts · 12,345 lines · /amavis/ · live".
export function streamTitle(feed: LogFeedSnapshot): string {
  const pane = feed.pane;
  const parts = ['logs', `${feed.hosts.length} hosts`, `${pane.received.toLocaleString('en-US')} lines`];
  if (pane.filter !== '') parts.push(`/${pane.filter}/`);
  parts.push(pane.paused ? 'PAUSED' : feed.stream);
  if (pane.column > 0) parts.push(`from column ${pane.column + 1}`);
  return parts.join(' · ');
}

function traceTitle(trace: TraceView, column: number): string {
  const state = trace.running ? 'running' : trace.failed ? 'failed' : 'done';
  const more = trace.lines.length > 0 ? ` · line ${trace.scroll + 1} of ${trace.lines.length}` : '';
  const sideways = column > 0 ? ` · from column ${column + 1}` : '';
  return `trace ${trace.title} · ${state}${more}${sideways}`;
}

// The status line: a message from the last key, the pause count, or the last reader problem.
export function statusText(feed: LogFeedSnapshot): string {
  const pane: LogPaneState = feed.pane;
  if (pane.message) return pane.message;
  if (pane.trace) return pane.trace.running ? (pane.trace.progress ?? 'tracing...') : 'esc back to the stream';
  if (pane.paused)
    return `paused: ${pane.paused.missed.toLocaleString('en-US')} new lines while paused (space or G resumes)`;
  return feed.problem ?? offsetsText(feed.offsets);
}

// Clock offsets worth a look (half a second or more), already taken off the lines' times.
const NOTABLE_OFFSET_MS = 500;

export function offsetsText(offsets: ReadonlyMap<string, number>): string {
  if (offsets.size === 0) return '';
  const notable = [...offsets].filter(([, ms]) => Math.abs(ms) >= NOTABLE_OFFSET_MS);
  if (notable.length === 0) return `host clocks within ${NOTABLE_OFFSET_MS / 1000} s of this machine's`;
  const text = notable.map(([host, ms]) => `${host} ${ms > 0 ? '+' : ''}${(ms / 1000).toFixed(1)} s`).join(', ');
  return `clock offsets taken off the times: ${text}`;
}

function emptyText(feed: LogFeedSnapshot): string {
  if (feed.pane.filter !== '' && (feed.pane.paused?.lines ?? feed.pane.lines).length > 0)
    return `no line matches /${feed.pane.filter}/`;
  if (feed.stream === 'starting') return 'finding the log files on every host...';
  if (feed.stream === 'off') return 'the log stream is off';
  if (feed.stream === 'failed') return feed.problem ?? 'the log stream failed';
  return 'waiting for the first line...';
}
