// System facts: release, kernel, uptime, disks, memory, processes, listening sockets, packages, java, names.
import { COMMAND, CONFIG, type ComponentSpec } from './types.js';

const sh = (script: string): string[] => ['sh', '-c', script];

// OX's own java's version, from its JDK's `release` file (no JVM started) or java -version.
export const JAVA_VERSION = [
  'for j in /opt/open-xchange/jre/bin/java java; do',
  '  p=$(command -v "$j" 2>/dev/null) || continue',
  '  r=$(readlink -f "$p" 2>/dev/null) || r=$p',
  '  d=${r%/bin/java}',
  '  for f in "$d/release" "${d%/jre}/release"; do',
  '    [ -r "$f" ] && { echo "$r"; cat "$f"; exit 0; }',
  '  done',
  '  "$j" -version 2>&1; exit 0',
  'done',
  'echo "no java found"; exit 0',
].join('\n');

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
    // OX's own java first. Its JDK's `release` file when there is one (JDK 7 on): starting a JVM for
    // `java -version` costs half a second of CPU on the host; else java -version (to stderr).
    {
      kind: 'command',
      ...COMMAND,
      name: 'java-version',
      argv: sh(JAVA_VERSION),
    },
  ],
};
