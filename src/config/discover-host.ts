// Roles of a host from what is installed on it and how its postfix is wired (files only, no commands).
import { detectInstalled, type Installed } from '../facts/installed.js';
import { inferRoles, type RoleInference } from '../facts/roles.js';
import { parseMainCf } from '../postfix/main-cf.js';
import { parseMasterCf } from '../postfix/master-cf.js';
import { readTextFile, type FileReader } from './file-reader.js';

export const POSTFIX_DIR = '/etc/postfix';

export interface HostDiscovery extends RoleInference {
  readonly installed: Installed;
}

export async function discoverHost(reader: FileReader): Promise<HostDiscovery> {
  const [installed, mainText, masterText] = await Promise.all([
    detectInstalled(reader),
    readTextFile(reader, `${POSTFIX_DIR}/main.cf`),
    readTextFile(reader, `${POSTFIX_DIR}/master.cf`),
  ]);
  const wiring =
    mainText !== null || masterText !== null
      ? { mainParams: parseMainCf(mainText ?? '').params, services: parseMasterCf(masterText ?? '') }
      : undefined;
  return { installed, ...inferRoles(installed, wiring) };
}
