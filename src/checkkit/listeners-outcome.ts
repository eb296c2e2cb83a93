// Summaries that combine several probed listeners into one sentence.
import { fromSteps, type Outcome, type Step } from '../core/result.js';
import { severity } from '../core/status.js';

// "all 3 smtpd listeners answer (127.0.0.1:10025, ...)" when healthy; the worst step's sentence otherwise.
export function listenersOutcome(
  kind: string,
  steps: readonly Step[],
  extra: Omit<Outcome, 'status' | 'summary' | 'steps'> = {},
): Outcome {
  const bad = steps.filter((s) => s.status !== 'ok');
  if (steps.length > 0 && bad.length === 0) {
    const names = steps.map((s) => s.name).join(', ');
    const summary =
      steps.length === 1 ? (steps[0]?.summary ?? '') : `all ${steps.length} ${kind} answer as expected (${names})`;
    return fromSteps(steps, { ...extra, summary });
  }
  const prefix = steps.length > 1 ? `${bad.length} of ${steps.length} ${kind} failing; first: ` : '';
  const first = [...bad].sort((a, b) => severity(b.status) - severity(a.status))[0];
  return fromSteps(steps, { ...extra, summary: `${prefix}${first?.summary ?? 'no listener found'}` });
}
