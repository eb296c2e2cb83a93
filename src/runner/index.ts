export { plan, keyOf, type PlanItem, type Selection } from './plan.js';
export { Runner, CONNECT_CHECK_ID, type RunnerOptions, type SweepReport } from './runner.js';
export { Store, type Snapshot, type StoreEntry, type SweepInfo, type EntryState } from './store.js';
export { Semaphore } from '../core/semaphore.js';
export { FactsMemo } from './facts-memo.js';
