// vitest globalSetup for lab-backed tests: starts the lab once per run when it is not up, and stops it
// afterwards only if this run started it.
import { labDown, labStatus, labUp } from './lab.js';

export default async function setup(): Promise<() => Promise<void>> {
  const before = await labStatus();
  const startedHere = before.lines.some((l) => l.includes('down (no namespace)'));
  if (!before.healthy) await labUp();
  return async () => {
    if (startedHere) await labDown();
  };
}
