// System facts: release, kernel, uptime, disks, memory, processes, listening sockets, packages, java, names.
import { COMMAND, CONFIG, type ComponentSpec } from './types.js';

const sh = (script: string): string[] => ['sh', '-c', script];

export const SYSTEM: ComponentSpec = {
  name: 'system',
  title: 'System facts',
  guard: { kind: 'always' },
  items: [
    {
      kind: 'files',
      ...CONFIG,
      paths: [
        '/etc/redhat-release',
        '/etc/debian_version',
        '/etc/os-release',
        '/etc/hosts',
        '/etc/resolv.conf',
        '/etc/nsswitch.conf',
        '/etc/hostname',
        '/etc/sysconfig/network',
        '/etc/sysconfig/clock',
        '/etc/timezone',
        '/etc/ntp.conf',
        '/etc/chrony.conf',
      ],
    },
    { kind: 'command', ...COMMAND, name: 'uname', argv: ['uname', '-a'] },
    { kind: 'command', ...COMMAND, name: 'hostname', argv: sh('hostname; hostname -f 2>/dev/null; exit 0') },
    { kind: 'command', ...COMMAND, name: 'date', argv: sh('date; date -u') },
    { kind: 'command', ...COMMAND, name: 'uptime', argv: ['uptime'] },
    { kind: 'command', ...COMMAND, name: 'df', argv: ['df', '-P'] },
    { kind: 'command', ...COMMAND, name: 'df-inodes', argv: ['df', '-P', '-i'] },
    { kind: 'command', ...COMMAND, name: 'free', argv: ['free', '-m'] },
    // args lose their quotes here: the process-list redaction rules treat this output (argv starts with ps)
    { kind: 'command', ...COMMAND, name: 'ps', argv: ['ps', '-eo', 'user,pid,ppid,etime,vsz,rss,stat,args'] },
    {
      kind: 'command',
      ...COMMAND,
      name: 'listening',
      argv: sh('ss -ltnp 2>/dev/null || netstat -ltnp 2>/dev/null || netstat -ltn'),
    },
    {
      kind: 'command',
      ...COMMAND,
      name: 'packages-rpm',
      guard: { kind: 'command', name: 'rpm' },
      argv: ['rpm', '-qa', '--qf', '%{NAME} %{VERSION}-%{RELEASE} %{ARCH}\\n'],
    },
    {
      kind: 'command',
      ...COMMAND,
      name: 'packages-dpkg',
      guard: { kind: 'anyPath', paths: ['/var/lib/dpkg/status'] },
      argv: ['dpkg-query', '-W', '-f', '${Package} ${Version} ${Architecture}\\n'],
    },
    // java writes its version to stderr; OX's own java first
    {
      kind: 'command',
      ...COMMAND,
      name: 'java-version',
      argv: sh('for j in /opt/open-xchange/jre/bin/java java; do "$j" -version 2>&1 && break; done; exit 0'),
    },
  ],
};
