// The overview's list: one line per check@host, problems first; the selected line is marked.
import { Box, Text } from 'ink';
import type { Row } from './rows.js';
import { fit, spinnerFrame, STATUS_LABEL } from './format.js';
import { Paint } from './Paint.js';

export interface ResultListProps {
  readonly rows: readonly Row[];
  readonly selected: number;
  readonly top: number;
  readonly height: number;
  readonly columns: number;
  readonly tick: number;
  readonly color: boolean;
}

// First line shown so that the selected line stays on screen, moving the window as little as possible.
export function windowTop(previousTop: number, selected: number, height: number, total: number): number {
  let top = Math.min(previousTop, Math.max(0, total - height));
  if (selected < top) top = selected;
  if (selected >= top + height) top = selected - height + 1;
  return Math.max(0, top);
}

export function rowText(
  r: Row,
  widths: { check: number; host: number },
  columns: number,
  tick: number,
): { status: string; rest: string } {
  const label = r.status ? STATUS_LABEL[r.status] : r.state === 'running' ? 'run' : 'wait';
  const mark = r.state === 'running' ? spinnerFrame(tick) : ' ';
  const rest = `${fit(r.check, widths.check).padEnd(widths.check)} ${fit(r.host, widths.host).padEnd(widths.host)} ${r.summary}`;
  return { status: `${label.padEnd(4)}${mark}`, rest: fit(rest, Math.max(0, columns - 8)) };
}

export function ResultList({ rows, selected, top, height, columns, tick, color }: ResultListProps) {
  const widths = {
    check: Math.min(22, Math.max(5, ...rows.map((r) => r.check.length))),
    host: Math.min(12, Math.max(4, ...rows.map((r) => r.host.length))),
  };
  const shown = rows.slice(top, top + height);
  return (
    <Box flexDirection="column" height={height}>
      {shown.length === 0 ? (
        <Paint tone="dim" color={color}>
          {'  nothing to show (esc clears the filters)'}
        </Paint>
      ) : null}
      {shown.map((r, i) => {
        const { status, rest } = rowText(r, widths, columns, tick);
        const isSelected = top + i === selected;
        return (
          <Text key={r.key} wrap="truncate">
            {isSelected ? '>' : ' '}
            <Paint tone={r.status ? (r.stale ? 'dim' : r.status) : 'dim'} color={color}>
              {status}
            </Paint>
            {'  '}
            {isSelected ? (
              <Paint tone="selected" color={color}>
                {rest}
              </Paint>
            ) : (
              rest
            )}
          </Text>
        );
      })}
    </Box>
  );
}
