// The address book from the lab's own config: a hand-off's relay address names the receiving host(s).
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { HostAddressBook } from '../../src/trace/address-book.js';

it('maps the lab hosts, the cluster VIP to both nodes, loopback to the sender, Exchange by name', async () => {
  const site = await loadConfig({ explicitPath: fileURLToPath(new URL('../lab/oxdoctor.yaml', import.meta.url)) });
  const book = HostAddressBook.fromSite(site);
  expect(book.hostsAt('127.0.10.1', 'servera')).toEqual(['relay']);
  expect(book.hostsAt('127.0.10.2', 'relay')).toEqual(['servera', 'servera2']);
  expect(book.hostsAt('127.0.10.4', 'relay')).toEqual(['serverb']);
  expect(book.hostsAt('127.0.0.1', 'relay')).toEqual(['relay']);
  expect(book.hostsAt('::1', 'serverb')).toEqual(['serverb']);
  expect(book.hostsAt('127.0.10.20', 'servera')).toEqual([]);
  expect(book.outsideName('127.0.10.20')).toBe('Exchange');
});
