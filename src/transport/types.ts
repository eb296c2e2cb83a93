// The transport contract lives in core (src/core/transport.ts); this is its name inside src/transport.
export type * from '../core/transport.js';
