// Text in a tone's colour when colour is on; the words and letters carry the meaning either way.
import { Text } from 'ink';
import type { ReactNode } from 'react';
import type { Tone } from './detail-lines.js';
import { STATUS_COLOR } from './format.js';

export interface PaintProps {
  readonly tone: Tone | 'selected' | 'accent';
  readonly color: boolean;
  readonly children?: ReactNode;
}

export function Paint({ tone, color, children }: PaintProps) {
  if (tone === 'selected') return <Text inverse>{children}</Text>;
  if (!color) return <Text bold={tone === 'heading'}>{children}</Text>;
  switch (tone) {
    case 'ok':
    case 'warn':
    case 'crit':
    case 'unknown':
      return (
        <Text color={STATUS_COLOR[tone]} bold={tone === 'crit'}>
          {children}
        </Text>
      );
    case 'heading':
      return <Text bold>{children}</Text>;
    case 'label':
      return <Text color="cyan">{children}</Text>;
    case 'accent':
      return (
        <Text color="blue" bold>
          {children}
        </Text>
      );
    case 'dim':
      return <Text dimColor>{children}</Text>;
    default:
      return <Text>{children}</Text>;
  }
}
