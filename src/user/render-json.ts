// `oxdoctor user --format json`: one document, version 1. Absent values are null, never missing.
// {"version":1, "tool":"oxdoctor", "command":"user", "query", "login", "addresses":[], "status", "exitCode",
//  "verdict":[{"hop","host","check","status","sentence","fix"}], "hops":[{"id","stage","title","host","status",
//  "summary","results":[as in `check --format json`]}], "send": null | {"status","summary","deleted","kept",
//  "durationMs","messages":[{"via","messageId","submitted","queueId","copies":[{"name","where","status","seconds",
//  "stoppedAt","hops":[{"host","at","step"}]}]}]}, "startedAt", "durationMs"}
import { resultJson } from '../reporters/json.js';
import type { UserReport } from './report.js';

export const USER_JSON_VERSION = 1;

export function renderUserJson(report: UserReport): string {
  const doc = {
    version: USER_JSON_VERSION,
    tool: 'oxdoctor',
    command: 'user',
    query: report.query,
    login: report.login ?? null,
    addresses: report.addresses,
    status: report.status,
    exitCode: report.exitCode,
    verdict: report.verdict.map((p) => ({
      hop: p.hop,
      host: p.host ?? null,
      check: p.check,
      status: p.status,
      sentence: p.sentence,
      fix: p.fix ?? null,
    })),
    hops: report.hops.map((h) => ({
      id: h.id,
      stage: h.stage,
      title: h.title,
      host: h.host ?? null,
      status: h.status,
      summary: h.summary,
      results: h.results.map(resultJson),
    })),
    send: report.send
      ? {
          ...report.send,
          messages: report.send.messages.map((m) => ({
            ...m,
            queueId: m.queueId ?? null,
            copies: m.copies.map((c) => ({ ...c, seconds: c.seconds ?? null, stoppedAt: c.stoppedAt ?? null })),
          })),
        }
      : null,
    startedAt: report.startedAt,
    durationMs: report.durationMs,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
