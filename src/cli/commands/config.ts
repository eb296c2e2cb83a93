// `oxdoctor config validate|show`: every problem of the config, or the config in effect with
// every secret shown by reference only.
import { writeOut } from '../../reporters/writer.js';
import { say, type CliIO } from '../io.js';
import type { GlobalOptions } from '../global-options.js';
import { loadSite } from '../wiring.js';

export async function runConfigValidate(globals: GlobalOptions, io: CliIO): Promise<number> {
  const { validateConfig } = await import('../../config/index.js');
  const v = await validateConfig({ explicitPath: globals.config, env: io.env, isTTY: process.stdin.isTTY === true });
  for (const error of v.errors) say(io, `oxdoctor: ${error}`);
  for (const warning of v.warnings) say(io, `oxdoctor: warning: ${warning}`);
  if (v.errors.length > 0) return 3;
  await writeOut(io.stdout, `config OK: ${v.source}\n`, io.redactor);
  return 0;
}

export async function runConfigShow(globals: GlobalOptions, io: CliIO): Promise<number> {
  const loaded = await loadSite({
    configPath: globals.config,
    env: io.env,
    isTTY: process.stdin.isTTY === true,
    mode: 'validate',
  });
  const { showConfig } = await import('../../config/index.js');
  await writeOut(io.stdout, showConfig(loaded), io.redactor);
  return 0;
}
