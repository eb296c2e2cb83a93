// `u`: one user end to end. The verdict on top (one sentence per problem with its fix), then the path as a column
// of hops with their statuses; enter opens a hop's evidence. Draws the feed's snapshot (user-feed.ts).
import { Box, Text } from 'ink';
import type { ReactElement } from 'react';
import type { Line } from './detail-lines.js';
import { DetailView } from './DetailView.js';
import { fit, STATUS_LABEL } from './format.js';
import { userFooterText } from './help-text.js';
import { Paint } from './Paint.js';
import { windowTop } from './ResultList.js';
import { hopLines } from './user-hop-lines.js';
import { openHop, type UserViewState } from './user-view-state.js';
import {
  confirmFooterText,
  hopRowText,
  hopTitleWidth,
  hopsText,
  identityText,
  userStatusText,
  userTitle,
  verdictLines,
} from './user-view-text.js';

export interface UserViewProps {
  readonly state: UserViewState;
  readonly height: number; // every line below the header, the status line and footer included
  readonly columns: number;
  readonly color: boolean;
  readonly tick: number;
  readonly top: { current: number }; // the hop window's first row, kept between frames
}

// Lines of a hop's evidence on screen: the height less its title, the status line and the footer.
export function userEvidenceHeight(height: number): number {
  return Math.max(1, height - 3);
}

// The open hop's evidence lines (none: no hop open), for the view and for the keys' paging.
export function userEvidenceLines(state: UserViewState, columns: number): Line[] {
  const hop = openHop(state);
  return hop && state.report ? hopLines(hop, state.report, columns) : [];
}

export function UserView({ state, height, columns, color, tick, top }: UserViewProps) {
  const body = Math.max(1, height - 2);
  const hop = openHop(state);
  let main;
  if (hop) {
    const lines = userEvidenceLines(state, columns);
    const shownHeight = userEvidenceHeight(height);
    main = (
      <DetailView
        title={`${STATUS_LABEL[hop.status]} ${hop.title}${hostSuffix(hop)} · evidence`}
        titleTone={hop.status}
        lines={lines}
        scroll={Math.min(state.evidence?.scroll ?? 0, Math.max(0, lines.length - shownHeight))}
        height={shownHeight}
        columns={columns}
        color={color}
      />
    );
  } else {
    main = <PathBody state={state} height={body} columns={columns} color={color} tick={tick} top={top} />;
  }
  const status = userStatusText(state);
  return (
    <Box flexDirection="column" height={height}>
      {main}
      <Text wrap="truncate">
        <Paint tone={status.tone} color={color}>
          {fit(status.text, columns) || ' '}
        </Paint>
      </Text>
      <Text wrap="truncate">
        {state.input ? (
          `user (login or address): ${fit(state.input.text, Math.max(1, columns - 27))}_`
        ) : (
          <Paint tone="dim" color={color}>
            {fit(state.confirmSend !== undefined ? confirmFooterText() : userFooterText(), columns)}
          </Paint>
        )}
      </Text>
    </Box>
  );
}

function PathBody({ state, height, columns, color, tick, top }: Omit<UserViewProps, 'height'> & { height: number }) {
  const report = state.report;
  const lines: { key: string; node: ReactElement }[] = [];
  const text = (key: string, tone: Line['tone'], value: string): void => {
    lines.push({
      key,
      node: (
        <Text key={key} wrap="truncate">
          <Paint tone={tone} color={color}>
            {fit(value, columns) || ' '}
          </Paint>
        </Text>
      ),
    });
  };
  text('title', report ? report.status : 'heading', userTitle(state, tick));
  if (!report) {
    const hint = state.running
      ? 'the path shows when every hop has been checked'
      : state.failed
        ? 'no report: why is said below; r tries again, u asks for another user'
        : 'type a login or an address (sAMAccountName, UPN, mail or proxy address) and press enter';
    text('hint', 'dim', hint);
    return (
      <Box flexDirection="column" height={height}>
        {lines.map((l) => l.node)}
      </Box>
    );
  }
  text('who', 'plain', identityText(report));
  const hops = report.hops;
  // The hops are the view; the verdict gets what they leave, at least its first line.
  const verdict = verdictLines(report);
  const room = Math.max(1, height - lines.length - 1 - hops.length);
  const shownVerdict = verdict.length <= room ? verdict : verdict.slice(0, Math.max(0, room - 1));
  shownVerdict.forEach((l, i) => text(`v${i}`, l.tone, l.text));
  if (shownVerdict.length < verdict.length) {
    const more = report.verdict.length - shownVerdict.filter((l) => !l.text.startsWith(' ')).length;
    text('more', 'dim', `... ${more} more: enter on a hop shows its results`);
  }
  text('path', 'heading', `path · ${hopsText(hops.length)}`);
  const listHeight = Math.max(1, height - lines.length);
  const first = windowTop(top.current, state.selected, listHeight, hops.length);
  top.current = first;
  const width = hopTitleWidth(hops, columns);
  hops.slice(first, first + listHeight).forEach((hop, i) => {
    const isSelected = first + i === state.selected;
    const row = hopRowText(hop, width, columns);
    lines.push({
      key: hop.id,
      node: (
        <Text key={hop.id} wrap="truncate">
          {isSelected ? '>' : ' '}
          <Paint tone={hop.status} color={color}>
            {row.status}
          </Paint>
          {'  '}
          {isSelected ? (
            <Paint tone="selected" color={color}>
              {row.rest}
            </Paint>
          ) : (
            row.rest
          )}
        </Text>
      ),
    });
  });
  return (
    <Box flexDirection="column" height={height}>
      {lines.map((l) => l.node)}
    </Box>
  );
}

// " @ relay", unless the title names its host already ("relay: mail in from Exchange").
function hostSuffix(hop: { readonly title: string; readonly host?: string }): string {
  return hop.host && !hop.title.startsWith(`${hop.host}:`) ? ` @ ${hop.host}` : '';
}
