// oxdoctor trace: one message followed across the hosts' logs (see build.ts for the engine, collect.ts for the
// reading).
export { HostAddressBook } from './address-book.js';
export { buildTrace, exitCodeOf } from './build.js';
export { renderTraceJson, renderTraceText } from './render.js';
export type { EndState, MessageTrace, RecipientEnd, TraceHop, TraceQuery, TraceResult } from './types.js';
export { collectTrace, type CollectOptions, type TraceHostInput } from './collect.js';
