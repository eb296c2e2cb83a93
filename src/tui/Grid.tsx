// Hosts x check groups: each cell the worst status of the group's checks on the host, with counts.
import { Box, Text } from 'ink';
import type { Cell, Grid as GridData } from './matrix.js';
import { fit, spinnerFrame, STATUS_LETTER } from './format.js';
import { Paint } from './Paint.js';

export interface GridProps {
  readonly grid: GridData;
  readonly columns: number;
  readonly maxHosts: number;
  readonly tick: number;
  readonly color: boolean;
  readonly selectedHost?: string;
}

// "ok 5", "C 2/5" (2 of 5 not OK, the worst CRIT), a spinner while any of them runs, "-" where none apply.
export function cellText(cell: Cell, width: number, tick: number): string {
  if (cell.total === 0) return '-';
  const spin = cell.running > 0 ? ` ${spinnerFrame(tick)}` : '';
  let text: string;
  if (cell.worst === undefined) text = `${cell.done}/${cell.total}`;
  else if (cell.worst === 'ok') text = `ok ${cell.total}`;
  else text = `${STATUS_LETTER[cell.worst]} ${cell.problems}/${cell.total}`;
  if (text.length + spin.length > width) text = text.replace(' ', '');
  if (text.length + spin.length > width && cell.worst !== undefined && cell.worst !== 'ok')
    text = `${STATUS_LETTER[cell.worst]}${cell.problems}`;
  return fit(`${text}${spin}`, width);
}

export function gridWidths(
  hosts: readonly string[],
  groups: readonly string[],
  columns: number,
): { host: number; cell: number } {
  const host = Math.min(16, Math.max(4, ...hosts.map((h) => h.length))) + 1;
  const want = Math.max(7, ...groups.map((g) => g.length + 1));
  const room = groups.length === 0 ? want : Math.floor((columns - host) / groups.length);
  return { host, cell: Math.max(3, Math.min(want, room)) };
}

export function Grid({ grid, columns, maxHosts, tick, color, selectedHost }: GridProps) {
  const w = gridWidths(grid.hosts, grid.groups, columns);
  const shown = grid.hosts.slice(0, Math.max(1, maxHosts));
  const hidden = grid.hosts.length - shown.length;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Paint tone="heading" color={color}>
          {''.padEnd(w.host)}
          {grid.groups.map((g) => fit(g, w.cell - 1).padEnd(w.cell)).join('')}
        </Paint>
      </Text>
      {shown.map((host, i) => {
        const last = i === shown.length - 1 && hidden > 0;
        const name = last ? `+${hidden + 1} hosts` : host;
        return (
          <Text key={host} wrap="truncate">
            <Paint tone={host === selectedHost ? 'heading' : 'plain'} color={color}>
              {fit(name, w.host - 1).padEnd(w.host)}
            </Paint>
            {grid.groups.map((g) => {
              const cell = grid.cell(host, g);
              const tone = cell.total === 0 || cell.worst === undefined ? 'dim' : cell.worst;
              return (
                <Paint key={g} tone={tone} color={color}>
                  {cellText(cell, w.cell - 1, tick).padEnd(w.cell)}
                </Paint>
              );
            })}
          </Text>
        );
      })}
    </Box>
  );
}
