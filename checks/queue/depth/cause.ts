// What a group of deferred mail means and what to do, from its next hop and normalised reason.
import type { ReasonGroup } from '../../../src/postfix/queue-summary.js';
import type { NamedHop } from './next-hop.js';

export interface Diagnosis {
  readonly sentence: string; // "120 for Exchange 127.0.10.20:25: Connection refused; is Exchange down?"
  readonly hint: string;
}

export function diagnose(group: ReasonGroup, hop: NamedHop, host: string): Diagnosis {
  const sentence = `${group.messages} for ${hop.label}: ${group.reason}`;
  const retry = `then \`postqueue -f\` on ${host} retries at once`;
  const who = hop.known ?? hop.label;
  if (
    /connection refused|connection timed out|no route to host|network is unreachable|timed out while|lost connection/i.test(
      group.reason,
    )
  ) {
    return {
      sentence: `${sentence}; is ${who} down?`,
      hint: `${who} does not take mail (${group.reason.toLowerCase()}): start its SMTP service or fix the path to it (firewall, routing, relayhost/transport entry), ${retry}`,
    };
  }
  if (/name service error|host not found|domain name not found/i.test(group.reason)) {
    return {
      sentence,
      hint: `DNS cannot resolve ${hop.label}: check /etc/resolv.conf and the relayhost/transport names on ${host}, ${retry}`,
    };
  }
  // The reason as the queue parsers keep it: "452 4.2.2 Mailbox full" (the "host X said:" part is stripped).
  if (/^[45]\d\d[ -]|^[45]\.\d+\.\d+|said/i.test(group.reason) || /^\d\.\d/.test(group.reason)) {
    return {
      sentence,
      hint: `${who} answers with a temporary error: fix what it complains about there (full text: \`postqueue -p\` or \`postcat -q ID\`), ${retry}`,
    };
  }
  if (/transport unavailable|service unavailable|lmtp|lost connection/i.test(group.reason)) {
    return {
      sentence,
      hint: `a local delivery service of ${host} fails (${group.reason}): check master.cf and the maillog, ${retry}`,
    };
  }
  return {
    sentence,
    hint: `read the full reason with \`postqueue -p\` and \`postcat -q ID\` on ${host}, fix it, ${retry}`,
  };
}
