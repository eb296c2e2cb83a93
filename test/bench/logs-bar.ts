// One bar of the logs bench, run by logs.ts under the lab lock (one hold per bar, each well under 3 minutes):
// prints its figures as one JSON line. Args: search|trace|follow
import { readFileSync } from 'node:fs';
import { DEFAULT_WINDOW_MS, FOLLOW_POLL_MS } from '../../src/logs/live-stream.js';
import { BENCH_DIR, type BenchData } from './logs-data.js';
import { benchFollow } from './logs-follow.js';
import { benchSearch } from './logs-search.js';
import { benchTrace } from './logs-trace.js';

const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const bar = process.argv[2];
const data = (): BenchData => JSON.parse(readFileSync(`${BENCH_DIR}/meta.json`, 'utf8')) as BenchData;

const figures =
  bar === 'search'
    ? await benchSearch(data(), ROUNDS)
    : bar === 'trace'
      ? await benchTrace(data(), ROUNDS)
      : bar === 'follow'
        ? await benchFollow(
            Number(process.env.BENCH_FOLLOW_RATE ?? 10_000),
            Number(process.env.BENCH_FOLLOW_SECONDS ?? 20),
            Number(process.env.BENCH_FOLLOW_WINDOW ?? DEFAULT_WINDOW_MS),
            Number(process.env.BENCH_FOLLOW_POLL ?? FOLLOW_POLL_MS),
          )
        : undefined;
if (!figures) throw new Error(`logs-bar: unknown bar ${bar ?? ''} (search, trace, follow)`);
process.stdout.write(JSON.stringify(figures) + '\n');
