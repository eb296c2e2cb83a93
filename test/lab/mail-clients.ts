// Minimal line clients for the lab's cyrus tests: an IMAP session that runs tagged commands and returns
// their untagged lines, an LMTP delivery, and ManageSieve LISTSCRIPTS. Test helpers only: no literals,
// no pipelining; strings are quoted with IMAP's "" rules.
import net from 'node:net';

class LineSocket {
  private buffer = '';
  private waiters: Array<{ resolve: (line: string) => void; reject: (err: Error) => void }> = [];
  private closed = false;
  private lines: string[] = [];
  private failure: Error | undefined;

  constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.setTimeout(20_000, () => socket.destroy(new Error('timed out')));
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl).replace(/\r$/, '');
        this.buffer = this.buffer.slice(nl + 1);
        const waiter = this.waiters.shift();
        if (waiter) waiter.resolve(line);
        else this.lines.push(line);
      }
    });
    socket.on('error', (err) => {
      this.failure = err;
    });
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w.reject(this.failure ?? new Error('connection closed'));
    });
  }

  static connect(host: string, port: number): Promise<LineSocket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => resolve(new LineSocket(socket)));
      socket.once('error', reject);
    });
  }

  next(): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.closed) return Promise.reject(this.failure ?? new Error('connection closed'));
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
    });
  }

  write(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  close(): void {
    this.socket.destroy();
  }
}

export function imapQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface ImapReply {
  readonly status: 'OK' | 'NO' | 'BAD';
  readonly text: string;
  readonly untagged: readonly string[];
}

export class ImapSession {
  private tag = 0;

  private constructor(private readonly conn: LineSocket) {}

  static async open(host: string, port = 143): Promise<ImapSession> {
    const conn = await LineSocket.connect(host, port);
    const greeting = await conn.next();
    if (!greeting.startsWith('* OK')) throw new Error(`IMAP greeting: ${greeting}`);
    return new ImapSession(conn);
  }

  async command(text: string): Promise<ImapReply> {
    const tag = `t${++this.tag}`;
    this.conn.write(`${tag} ${text}`);
    const untagged: string[] = [];
    for (;;) {
      const line = await this.conn.next();
      if (line.startsWith(`${tag} `)) {
        const [status = 'BAD', ...rest] = line.slice(tag.length + 1).split(' ');
        return { status: status as ImapReply['status'], text: rest.join(' '), untagged };
      }
      untagged.push(line);
    }
  }

  async logout(): Promise<void> {
    await this.command('LOGOUT').catch(() => undefined);
    this.conn.close();
  }
}

// Logs in, runs the commands in order and logs out; resolves with the login reply and each command's reply.
export async function imapRun(
  host: string,
  user: string,
  password: string,
  commands: readonly string[],
): Promise<{
  login: ImapReply;
  replies: readonly ImapReply[];
}> {
  const session = await ImapSession.open(host);
  try {
    const login = await session.command(`LOGIN ${imapQuote(user)} ${imapQuote(password)}`);
    const replies: ImapReply[] = [];
    if (login.status === 'OK') for (const c of commands) replies.push(await session.command(c));
    return { login, replies };
  } finally {
    await session.logout();
  }
}

// Delivers one message over LMTP and resolves with the reply to the recipient's RCPT and to DATA.
export async function lmtpDeliver(
  host: string,
  port: number,
  from: string,
  to: string,
  message: string,
): Promise<{
  rcpt: string;
  data: string;
}> {
  const conn = await LineSocket.connect(host, port);
  const reply = async (): Promise<string> => {
    for (;;) {
      const line = await conn.next();
      if (/^\d{3} /.test(line)) return line;
    }
  };
  try {
    await reply();
    conn.write('LHLO lab-test.example.com');
    await reply();
    conn.write(`MAIL FROM:<${from}>`);
    await reply();
    conn.write(`RCPT TO:<${to}>`);
    const rcpt = await reply();
    if (!rcpt.startsWith('250')) return { rcpt, data: '' };
    conn.write('DATA');
    await reply();
    conn.write(`${message.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..')}\r\n.`);
    const data = await reply();
    conn.write('QUIT');
    return { rcpt, data };
  } finally {
    conn.close();
  }
}

// ManageSieve: authenticates with PLAIN and returns the LISTSCRIPTS lines (e.g. '"Open-Xchange" ACTIVE').
export async function sieveListScripts(
  host: string,
  port: number,
  user: string,
  password: string,
): Promise<readonly string[]> {
  const conn = await LineSocket.connect(host, port);
  const untilStatus = async (): Promise<string[]> => {
    const out: string[] = [];
    for (;;) {
      const line = await conn.next();
      out.push(line);
      if (/^(OK|NO|BYE)\b/.test(line)) return out;
    }
  };
  try {
    await untilStatus();
    const token = Buffer.from(`\0${user}\0${password}`).toString('base64');
    conn.write(`AUTHENTICATE "PLAIN" "${token}"`);
    const auth = await untilStatus();
    if (!auth[auth.length - 1]?.startsWith('OK')) throw new Error(`sieve login failed: ${auth.join(' ')}`);
    conn.write('LISTSCRIPTS');
    const list = await untilStatus();
    conn.write('LOGOUT');
    await untilStatus().catch(() => undefined);
    return list.slice(0, -1);
  } finally {
    conn.close();
  }
}
