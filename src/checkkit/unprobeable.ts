// A listener whose address could not be worked out: say so instead of guessing.
import type { Step } from '../core/result.js';

export function unprobeable(label: string): Step {
  return {
    name: label,
    status: 'unknown',
    summary: `cannot tell where ${label} listens (a port name missing from /etc/services?)`,
    hint: 'use a numeric port in cyrus.conf listen= or add the name to /etc/services',
  };
}
