// What every reporter renders: the results of one sweep and where they came from.
import type { Result } from '../core/result.js';

export interface Report {
  readonly site: string;
  readonly toolVersion: string;
  readonly generatedAt: string; // ISO time
  readonly durationMs?: number; // wall time of the sweep
  readonly results: readonly Result[];
}

export interface RenderOptions {
  readonly color?: boolean; // text only
  readonly onlyProblems?: boolean; // text and json
  readonly verbose?: boolean; // text: evidence and steps under each problem
}

export type Format = 'text' | 'json' | 'nagios' | 'prometheus';
export const FORMATS: readonly Format[] = ['text', 'json', 'nagios', 'prometheus'];

export type Reporter = (report: Report, options?: RenderOptions) => string;
