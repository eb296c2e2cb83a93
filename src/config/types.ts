// The site configuration's type lives in core (src/core/site.ts), where checks see it; config produces it.
export type * from '../core/site.js';
