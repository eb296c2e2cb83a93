// `?`: every key, generated from the key table, and what the letters mean.
import { Box, Text } from 'ink';
import { helpLines } from './help-text.js';
import { fit } from './format.js';
import type { Pane } from './keys.js';
import { Paint } from './Paint.js';

export const LEGEND =
  'Cells: "ok N" all N OK; "C 2/5" 2 of 5 not OK, the worst CRIT (W WARN, ? UNKNOWN); a spinner while probes run.';

export interface HelpViewProps {
  readonly height: number;
  readonly columns: number;
  readonly color: boolean;
  readonly scope?: Pane; // opened from the log pane or the user view: its keys
}

export function HelpView({ height, columns, color, scope }: HelpViewProps) {
  const lines = (scope ? helpLines(scope) : [...helpLines(), '', LEGEND]).slice(0, height);
  return (
    <Box flexDirection="column" height={height}>
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate">
          <Paint tone={/^\S/.test(l) && !l.startsWith('Cells') ? 'heading' : 'plain'} color={color}>
            {fit(l, columns) || ' '}
          </Paint>
        </Text>
      ))}
    </Box>
  );
}
