import { describe, expect, it } from 'vitest';
import { describeDrift, driftFromSeed, SEED_REINJECTION_OPTIONS } from '../../src/postfix/reinjection.js';

const seed = new Map(SEED_REINJECTION_OPTIONS);

describe('driftFromSeed', () => {
  it('finds nothing when every seed option is in force, whitespace and commas aside', () => {
    const values = new Map(seed);
    values.set('smtpd_client_restrictions', 'permit_mynetworks, reject');
    expect(driftFromSeed((n) => values.get(n))).toEqual([]);
  });

  it('counts built-in defaults that equal the seed value as in force', () => {
    const values = new Map(seed);
    for (const name of [
      'smtpd_helo_restrictions',
      'smtpd_sender_restrictions',
      'smtpd_restriction_classes',
      'relay_recipient_maps',
    ])
      values.delete(name);
    expect(driftFromSeed((n) => values.get(n))).toEqual([]);
  });

  it('names each option that differs or is left at a default that differs, with the seed value', () => {
    const values = new Map(seed);
    values.set('mynetworks', '127.0.0.0/8 192.168.109.0/24');
    values.delete('smtpd_delay_reject');
    values.delete('local_recipient_maps');
    const drift = driftFromSeed((n) => values.get(n));
    expect(drift.map(describeDrift)).toEqual([
      'local_recipient_maps left at its default (seed: empty)',
      'smtpd_delay_reject "yes" (seed: "no")',
      'mynetworks "127.0.0.0/8 192.168.109.0/24" (seed: "127.0.0.0/8")',
    ]);
  });
});
