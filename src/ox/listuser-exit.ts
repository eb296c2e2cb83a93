// Exit codes of the OX admin CLI (com.openexchange.admin.console.BasicCommandlineOptions) and what each means
// for the on-call engineer.

export interface ExitMeaning {
  readonly cause: string;
  readonly hint: string;
}

const MEANINGS: Readonly<Record<number, ExitMeaning>> = {
  101: {
    cause: 'invalid credentials (exit 101)',
    hint: 'the OX admin or its password in the config is wrong: check ox.admin and ox.adminPassword',
  },
  102: {
    cause: 'no such context (exit 102)',
    hint: 'ox.context in the config names a context OX does not have: compare with listcontext',
  },
  104: {
    cause: 'a required option is missing (exit 104)',
    hint: 'this listuser does not take the options oxdoctor passes: check the OX version',
  },
  105: {
    cause: 'communication error with the OX admin daemon (exit 105)',
    hint: 'the admin daemon (RMI, port 1099) does not answer: check open-xchange-admin is running and its log',
  },
  106: {
    cause: 'server storage error (exit 106): the configdb is unreachable',
    hint: 'start the configdb MySQL (see configdb.properties) and check OX can log in to it',
  },
  111: { cause: 'unknown option (exit 111)', hint: 'this listuser does not know --csv or -s: check the OX version' },
};

export function exitMeaning(code: number | null): ExitMeaning {
  if (code !== null && MEANINGS[code]) return MEANINGS[code];
  return {
    cause: code === null ? 'listuser was killed before it finished' : `listuser failed with exit ${code}`,
    hint: 'run listuser by hand on the host and read /var/log/open-xchange/open-xchange-admin.log',
  };
}
