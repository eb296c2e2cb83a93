// The OX endpoints fact as discovery would have found it on a host, with one part pointing at a test's own daemon.
import { OX_DEFAULTS, OX_ENDPOINTS_FACT } from '../../../src/facts/ox-endpoints.js';
import { seed } from '../../facts/seed.js';

export const oxAt = (part: 'ajp' | 'http' | 'configdb', port: number): Record<string, unknown> =>
  seed(OX_ENDPOINTS_FACT, { ...OX_DEFAULTS, [part]: { host: '127.0.0.1', port } });
