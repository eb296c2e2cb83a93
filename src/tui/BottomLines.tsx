// The last two lines: a status line (message, transport problems, notices, filters) and the keys
// or the line being typed after `/` or `:`.
import { Box, Text } from 'ink';
import { fit } from './format.js';
import { footerText } from './help-text.js';
import { Paint } from './Paint.js';
import type { ViewState } from './view-state.js';
import type { HostProblem } from './transport-errors.js';

export interface BottomLinesProps {
  readonly view: ViewState;
  readonly problems: readonly HostProblem[];
  readonly notice?: string;
  readonly columns: number;
  readonly color: boolean;
}

export function statusLine({ view, problems, notice }: Pick<BottomLinesProps, 'view' | 'problems' | 'notice'>): {
  text: string;
  tone: 'crit' | 'warn' | 'dim';
} {
  if (view.message) return { text: view.message, tone: 'warn' };
  const first = problems[0];
  if (first)
    return { text: `${first.text}${problems.length > 1 ? ` (+${problems.length - 1} more hosts)` : ''}`, tone: 'crit' };
  if (notice) return { text: notice, tone: 'warn' };
  return { text: '', tone: 'dim' };
}

export function BottomLines(props: BottomLinesProps) {
  const { view, columns, color } = props;
  const status = statusLine(props);
  const input = view.input;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Paint tone={status.tone} color={color}>
          {fit(status.text, columns) || ' '}
        </Paint>
      </Text>
      <Text wrap="truncate">
        {input ? (
          `${input.kind === 'filter' ? '/' : ':'}${fit(input.text, columns - 3)}_`
        ) : (
          <Paint tone="dim" color={color}>
            {fit(footerText(), columns)}
          </Paint>
        )}
      </Text>
    </Box>
  );
}
