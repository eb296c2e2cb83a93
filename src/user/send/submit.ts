// The two ways the test message goes in: to the relay's port 25 as Exchange hands mail in (null sender, so a
// failure bounces to nobody), and, with the user's password, as the user on server A's port 25 with SMTP AUTH
// (so the disclaimer, the archive BCC and the Sent Items copy run), addressed to the user itself.
import type { HostSpec } from '../../core/host.js';
import type { SiteConfig } from '../../core/site.js';
import type { Transport } from '../../core/transport.js';
import { failureSummary } from '../../checkkit/probe.js';
import type { UserTarget } from '../target.js';
import { testMessage, type TestMessage } from './message.js';
import type { Place } from './places.js';
import { submitMessage } from './smtp-submit.js';

export interface Submission {
  readonly via: 'relay' | 'user';
  readonly message: TestMessage;
  readonly place: Place;
  readonly submitted: number; // epoch ms of the 250 reply (or the failure)
  readonly queueId?: string;
  readonly error?: string; // "relay 127.0.10.1:25: connection refused ..."
  readonly transcript: readonly string[];
}

export interface SubmitInput {
  readonly site: SiteConfig;
  readonly target: UserTarget;
  readonly transportFor: (host: HostSpec) => Transport;
  readonly signal?: AbortSignal;
}

export function relayMessage(target: UserTarget, to: string): TestMessage {
  const domain = to.slice(to.lastIndexOf('@') + 1);
  return testMessage({ via: 'relay', login: target.login, from: '', fromHeader: `postmaster@${domain}`, to });
}

export function userMessage(target: UserTarget, address: string): TestMessage {
  return testMessage({ via: 'user', login: target.login, from: address, fromHeader: address, to: address });
}

export async function submit(
  input: SubmitInput,
  via: 'relay' | 'user',
  message: TestMessage,
  place: Place,
): Promise<Submission> {
  const exchange = input.site.endpoints.exchange?.host;
  const helo = exchange ? (/^[\d.]+$/.test(exchange) ? `[${exchange}]` : exchange) : 'oxdoctor.invalid';
  const transport = input.transportFor(place.spec);
  const password = via === 'user' ? input.target.password : undefined;
  const result = await submitMessage((signal) => transport.connect(place.address, 25, { signal }), message, {
    helo: via === 'user' ? 'oxdoctor.invalid' : helo,
    ...(password ? { auth: { login: input.target.login, password } } : {}),
    tlsName: place.address,
    ...(input.site.tls ? { passwordTrust: input.site.tls } : {}),
    timeoutMs: 15_000,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const base = { via, message, place, submitted: Date.now(), transcript: result.transcript };
  if (!result.ok) {
    const where = `${place.spec.name} ${place.address}:25`;
    return { ...base, error: failureSummary('SMTP', where, result.failure, result.message) };
  }
  return { ...base, ...(result.value.queueId ? { queueId: result.value.queueId } : {}) };
}
