// One check@host in full, scrolled by the view state.
import { Box, Text } from 'ink';
import type { Line } from './detail-lines.js';
import { fit } from './format.js';
import { Paint } from './Paint.js';

export interface DetailViewProps {
  readonly title: string;
  readonly titleTone: Line['tone'];
  readonly lines: readonly Line[];
  readonly scroll: number;
  readonly height: number; // lines for the body
  readonly columns: number;
  readonly color: boolean;
}

export function DetailView({ title, titleTone, lines, scroll, height, columns, color }: DetailViewProps) {
  const shown = lines.slice(scroll, scroll + height);
  const more = lines.length > height ? ` [${scroll + 1}-${scroll + shown.length} of ${lines.length}]` : '';
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Paint tone={titleTone} color={color}>
          {fit(title, Math.max(0, columns - more.length))}
        </Paint>
        <Paint tone="dim" color={color}>
          {more}
        </Paint>
      </Text>
      <Box flexDirection="column" height={height}>
        {shown.map((l, i) => (
          <Text key={scroll + i} wrap="truncate">
            <Paint tone={l.tone} color={color}>
              {fit(l.text, columns) || ' '}
            </Paint>
          </Text>
        ))}
      </Box>
    </Box>
  );
}
