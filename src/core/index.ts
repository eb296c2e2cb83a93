export * from './status.js';
export * from './thresholds.js';
export * from './result.js';
export * from './errors.js';
export * from './host.js';
export * from './check.js';
