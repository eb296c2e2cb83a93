// Two lines: site and sweep (age, progress, next refresh), then the totals by status.
import { Box, Text } from 'ink';
import type { Status } from '../core/status.js';
import type { DashboardState } from './dashboard-model.js';
import { age, fit, spinnerFrame, STATUS_LABEL } from './format.js';
import { Paint } from './Paint.js';

export interface HeaderProps {
  readonly state: DashboardState;
  readonly now: number;
  readonly tick: number;
  readonly columns: number;
  readonly color: boolean;
}

const ORDER: readonly Status[] = ['crit', 'unknown', 'warn', 'ok'];

export function sweepText(state: DashboardState, now: number, tick: number): string {
  if (!state.ready) return `${state.activity ?? 'starting'} ${spinnerFrame(tick)}`;
  const s = state.store.sweep;
  const parts: string[] = [];
  if (s.running) parts.push(`sweep #${s.number} running ${s.done}/${s.planned} ${spinnerFrame(tick)}`);
  else if (s.finishedAt !== undefined) parts.push(`sweep #${s.number} ${age(now - s.finishedAt)} ago`);
  if (state.queued > 0) parts.push(`${state.queued} queued`);
  if (state.nextRefreshAt !== undefined) parts.push(`next in ${age(state.nextRefreshAt - now)}`);
  return parts.join(' · ');
}

export function Header({ state, now, tick, columns, color }: HeaderProps) {
  const counts: Record<Status, number> = { ok: 0, warn: 0, crit: 0, unknown: 0 };
  for (const e of state.store.entries) {
    const s = (e.result ?? e.previous)?.status;
    if (s) counts[s]++;
  }
  const title = `oxdoctor  ${state.site}`;
  const sweep = sweepText(state, now, tick);
  const gap = Math.max(2, columns - title.length - sweep.length);
  const scope = `${state.store.entries.length} checks on ${state.hosts.length} hosts`;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Paint tone="accent" color={color}>{fit(title, columns)}</Paint>
        {fit(`${' '.repeat(gap)}${sweep}`, Math.max(0, columns - title.length))}
      </Text>
      <Text wrap="truncate">
        {ORDER.map((s) => (
          <Text key={s}>
            <Paint tone={counts[s] > 0 ? s : 'dim'} color={color}>{`${STATUS_LABEL[s]} ${counts[s]}`}</Paint>
            {'  '}
          </Text>
        ))}
        <Paint tone="dim" color={color}>{fit(scope, Math.max(0, columns - 40))}</Paint>
      </Text>
    </Box>
  );
}
