import { describe, expect, it } from 'vitest';
import { fromSteps } from '../../src/core/result.js';

describe('results built from steps', () => {
  it('take the worst step and its sentence and hint', () => {
    const o = fromSteps([
      { name: 'connect', status: 'ok', summary: 'connected' },
      { name: 'greet', status: 'crit', summary: 'no 220 greeting within 5 s', hint: 'check smtpd' },
      { name: 'ehlo', status: 'unknown', summary: 'not tried' },
    ]);
    expect(o.status).toBe('crit');
    expect(o.summary).toBe('no 220 greeting within 5 s');
    expect(o.hint).toBe('check smtpd');
    expect(o.steps).toHaveLength(3);
  });

  it('carry no hint when everything is OK', () => {
    const o = fromSteps([{ name: 'connect', status: 'ok', summary: 'connected', hint: 'never shown' }]);
    expect(o.status).toBe('ok');
    expect(o.hint).toBeUndefined();
  });
});
