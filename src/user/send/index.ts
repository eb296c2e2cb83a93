// `oxdoctor user --send`: the only part of oxdoctor that writes. One marked test message to the relay's port 25
// as Exchange would send it, and with the user's password one as the user on server A's port 25; each copy
// followed through the hosts' logs (trace) and the mailboxes (imapflow) until seen or stopped, then deleted.
import type { HostSpec } from '../../core/host.js';
import type { SiteConfig } from '../../core/site.js';
import type { Transport } from '../../core/transport.js';
import { HostAddressBook } from '../../trace/address-book.js';
import type { UserTarget } from '../target.js';
import { deleteTestMessages } from './cleanup.js';
import { copiesOf } from './copies.js';
import { follow, type Followed } from './follow.js';
import { inboxExists } from './inbox-exists.js';
import { imapError, openMailbox, type Mailbox } from './mailboxes.js';
import type { TestMessage } from './message.js';
import { overall, sentMessage } from './outcome.js';
import { sendPlaces, type Place, type SendPlaces } from './places.js';
import { relayMessage, submit, userMessage, type SubmitInput } from './submit.js';
import { traceHosts } from './trace-hosts.js';
import type { SendReport } from './types.js';

export type { SendReport } from './types.js';

export interface SendInput {
  readonly site: SiteConfig;
  transportFor(host: HostSpec): Transport;
  readonly target: UserTarget;
  readonly keep: boolean;
  readonly signal?: AbortSignal;
  onProgress?(text: string): void;
  readonly timeoutMs?: number; // how long copies are waited for after submission; default 30 s
}

export const DEFAULT_SEND_TIMEOUT_MS = 30_000;

export async function sendAndFollow(input: SendInput): Promise<SendReport> {
  const started = Date.now();
  const places = sendPlaces(input.site);
  const say = (text: string) => input.onProgress?.(text);
  const planned = plan(input, places);
  if ('problem' in planned) return unsent(planned.problem, input.keep, started);
  const mailboxErrors: Partial<Record<'A' | 'B', string>> = {};
  const [mailboxes, hosts, submissions] = await Promise.all([
    openMailboxes(input, places, mailboxErrors),
    traceHosts(
      input.site,
      [places.relay?.spec, ...hostsNamed(input.site, [...places.groupA, ...places.groupB])],
      input,
    ),
    Promise.all(
      planned.map(async ({ via, message, place }) => {
        say(`sending the ${via} test message to ${place.spec.name} ${place.address}:25`);
        const s = await submit(input, via, message, place);
        say(s.error ? s.error : `${place.spec.name} queued the ${via} message as ${s.queueId ?? '?'}`);
        return s;
      }),
    ),
  ]);
  const followed: Followed[] = submissions.map((submission) => ({
    submission,
    copies: copiesOf(submission.via, input.target, places).map((plan) => ({
      plan,
    })),
  }));
  const opened = Object.values(mailboxes);
  const followStart = Date.now();
  await follow({
    followed,
    mailboxes,
    traceHosts: hosts.inputs,
    book: HostAddressBook.fromSite(input.site),
    offsets: hosts.offsets,
    deadline: followStart + (input.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS),
    ...(input.signal ? { signal: input.signal } : {}),
    onProgress: say,
    // A mailbox that fails a search is dropped: its copies are then followed in the logs only.
    onMailboxError: (server, error) => {
      mailboxErrors[server] ??= error;
      delete mailboxes[server];
    },
  });
  const waitedMs = Date.now() - followStart;
  const sent = submissions.filter((s) => !s.error).map((s) => s.message.messageId);
  const cleaned = input.keep ? { deleted: 0, errors: [] } : await deleteTestMessages(sent, mailboxes);
  if (!input.keep) say(`deleted ${cleaned.deleted} test message(s) from the mailboxes`);
  await Promise.all(opened.map((m) => m.close().catch(() => undefined)));
  const messages = followed.map((f) => sentMessage(f, { mailboxErrors, waitedMs }));
  const { status, summary } = overall(messages);
  const notDeleted = cleaned.errors.length > 0 ? `; not all test messages could be deleted: ${cleaned.errors[0]}` : '';
  return {
    messages,
    status,
    summary: `${summary}${notDeleted}`,
    deleted: cleaned.deleted,
    kept: input.keep,
    durationMs: Date.now() - started,
  };
}

interface Planned {
  readonly via: 'relay' | 'user';
  readonly message: TestMessage;
  readonly place: Place;
}

// The messages to send, or why none can be: no address, no relay, an address not fit for an SMTP line.
function plan(input: SendInput, places: SendPlaces): Planned[] | { problem: string } {
  const { target } = input;
  const address = publicAddress(target);
  if (!address) return { problem: `${target.login} has no mail address in AD: there is nothing to send to` };
  if (!places.relay) return { problem: 'the config has no host with the relay role to hand the test message to' };
  try {
    const out: Planned[] = [{ via: 'relay', message: relayMessage(target, address), place: places.relay }];
    if (target.password && places.smtpA)
      out.push({ via: 'user', message: userMessage(target, address), place: places.smtpA });
    return out;
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
}

// The address mail from outside is sent to and the user sends from: AD's primary SMTP: proxy address (Exchange's
// reply address, in a sender domain server A's sender BCC knows), else mail. `mail` of an OX-only user is in the
// OX mail domain (oxmail.example.com), which is no sender domain: sent from it, no Sent Items copy is made.
export function publicAddress(target: UserTarget): string | undefined {
  const primary = target.entry.proxyAddresses
    .find((p) => p.startsWith('SMTP:'))
    ?.slice(5)
    .toLowerCase();
  return primary ?? target.primary ?? target.addresses[0];
}

function unsent(problem: string, keep: boolean, started: number): SendReport {
  return {
    messages: [],
    status: 'unknown',
    summary: problem,
    deleted: 0,
    kept: keep,
    durationMs: Date.now() - started,
  };
}

async function openMailboxes(
  input: SubmitInput & Pick<SendInput, 'transportFor'>,
  places: SendPlaces,
  errors: Partial<Record<'A' | 'B', string>>,
): Promise<Partial<Record<'A' | 'B', Mailbox>>> {
  const needed = new Set(
    [...copiesOf('relay', input.target, places), ...copiesOf('user', input.target, places)]
      .filter((c) => c.readable)
      .map((c) => c.server),
  );
  const admin = input.site.imapAdmin;
  const login = admin
    ? { login: admin.login, password: admin.password, authzid: input.target.login }
    : input.target.password
      ? { login: input.target.login, password: input.target.password }
      : undefined;
  const out: Partial<Record<'A' | 'B', Mailbox>> = {};
  const open = async (server: 'A' | 'B', place: Place | undefined): Promise<void> => {
    if (!place) return;
    if (!login) {
      errors[server] = "neither imapAdmin in the config nor the user's password (--password-stdin) to read it with";
      return;
    }
    const transport = input.transportFor(place.spec);
    if (admin) {
      const open = (signal: AbortSignal) => transport.connect(place.address, 143, { signal });
      const tls = input.site.tls ? { passwordTrust: input.site.tls } : {};
      const asked = await inboxExists(open, admin, input.target.login, { tlsName: place.address, ...tls });
      if ('error' in asked) {
        errors[server] = `the cyrus admin could not look for the mailbox at ${place.spec.name}: ${asked.error}`;
        return;
      }
      if (!asked.exists) {
        errors[server] =
          `${place.spec.name} has no mailbox ${asked.inbox} (not opened: a login for the user would create it)`;
        return;
      }
    }
    try {
      out[server] = await openMailbox(transport, login, {
        host: place.spec.name,
        address: place.address,
        requireTrusted: input.site.tls?.requireTrusted ?? false,
      });
    } catch (err) {
      errors[server] = err instanceof Error ? err.message : imapError(err, `${place.spec.name} ${place.address}:143`);
    }
  };
  // Only where a copy is to be read: an Exchange mailbox user's INBOX copy is followed in the logs.
  await Promise.all([
    open('A', needed.has('A') ? places.imapA : undefined),
    open('B', needed.has('B') ? places.imapB : undefined),
  ]);
  return out;
}

function hostsNamed(site: SiteConfig, names: readonly string[]): HostSpec[] {
  return site.hosts.filter((h) => names.includes(h.name));
}
