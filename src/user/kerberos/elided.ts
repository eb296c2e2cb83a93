// A summary is one sentence of the verdict: a hostile 10,000-character login is shown by its start and length.
import type { Outcome } from '../../core/result.js';

const MAX = 120;

export function elided(text: string): string {
  return text.length <= MAX ? text : `${text.slice(0, 60)}... (${text.length} characters)`;
}

// Every occurrence of a long `value` (the login, as typed or quoted) elided in the outcome's sentences and steps.
export function elidedOutcome(outcome: Outcome, value: string): Outcome {
  if (value.length <= MAX) return outcome;
  const forms = [JSON.stringify(value), value]; // quoted first: the plain cut would break it
  const cut = (text: string) => forms.reduce((t, v) => t.split(v).join(elided(v)), text);
  return {
    ...outcome,
    summary: cut(outcome.summary),
    ...(outcome.hint === undefined ? {} : { hint: cut(outcome.hint) }),
    ...(outcome.steps
      ? {
          steps: outcome.steps.map((s) => ({
            ...s,
            summary: cut(s.summary),
            ...(s.hint ? { hint: cut(s.hint) } : {}),
          })),
        }
      : {}),
  };
}
