// Two lines: site and sweep (age, progress, next refresh), then the totals by status.
import { Box, Text } from 'ink';
import type { DashboardState } from './dashboard-model.js';
import { headerLines } from './header-text.js';
import { Paint } from './Paint.js';

export interface HeaderProps {
  readonly state: DashboardState;
  readonly now: number;
  readonly tick: number;
  readonly columns: number;
  readonly color: boolean;
}

export function Header({ state, now, tick, columns, color }: HeaderProps) {
  return (
    <Box flexDirection="column">
      {headerLines(state, now, tick, columns).map((line, i) => (
        <Text key={i} wrap="truncate">
          {line.map((piece, j) =>
            piece.tone === 'plain' ? (
              piece.text
            ) : (
              <Paint key={j} tone={piece.tone} color={color}>
                {piece.text}
              </Paint>
            ),
          )}
        </Text>
      ))}
    </Box>
  );
}
