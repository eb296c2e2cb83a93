// Roles of a host from what is installed on it and how its postfix is wired (files only, no commands).
import { detectInstalled, type Installed } from '../facts/installed.js';
import { inferRoles, type RoleInference } from '../facts/roles.js';
import { cyrusInUse } from '../facts/cyrus-in-use.js';
import { IMAPD_CONF_PATH } from '../facts/imapd-conf.js';
import { parseMainCf } from '../postfix/main-cf.js';
import { parseMasterCf } from '../postfix/master-cf.js';
import { readTextFile, type FileReader } from './file-reader.js';

export const POSTFIX_DIR = '/etc/postfix';

export interface HostDiscovery extends RoleInference {
  readonly installed: Installed;
}

export async function discoverHost(reader: FileReader): Promise<HostDiscovery> {
  const [installed, mainText, masterText, imapdText] = await Promise.all([
    detectInstalled(reader),
    readTextFile(reader, `${POSTFIX_DIR}/main.cf`),
    readTextFile(reader, `${POSTFIX_DIR}/master.cf`),
    readTextFile(reader, IMAPD_CONF_PATH),
  ]);
  const mainParams = parseMainCf(mainText ?? '').params;
  const wiring =
    mainText !== null || masterText !== null ? { mainParams, services: parseMasterCf(masterText ?? '') } : undefined;
  const cyrusUse = installed.found.cyrus ? await cyrusInUse(reader, imapdText, mainParams) : undefined;
  return { installed, ...inferRoles(installed, wiring, cyrusUse) };
}
