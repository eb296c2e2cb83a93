// amavisd splits a log text longer than ~980 characters: the part ends with "..." and the next syslog line of
// the same process carries the rest prefixed by "..." (after the task id "(12345-01) " it repeats, and after an
// alert mark "(!)" / "(!!)" when the text had one).
// The joiner merges those parts into one message before amavis.ts parses it. Lines of other processes may come
// between the parts; a part waits until the same pid logs again or the input ends.

export interface AmavisPart {
  readonly pid?: number;
  readonly message: string;
  readonly raw?: string; // when given, the merged item's raw holds every part's line, one per line
}

const AM_ID = /^\(\d+-\d+(?:-\d+)?\) /;

const CONTINUED = /^(?:\(!{1,2}\))?\.\.\./;

function continuationText(message: string): string | undefined {
  const rest = message.replace(AM_ID, '');
  const mark = CONTINUED.exec(rest);
  return mark ? rest.slice(mark[0].length) : undefined;
}

// Streaming form, for follow mode: push lines in order; each call returns the items that are complete.
export class AmavisJoiner<T extends AmavisPart> {
  private readonly open = new Map<number | undefined, T>();

  // A part waits for its rest (follow mode flushes it after a while idle).
  get holding(): boolean {
    return this.open.size > 0;
  }

  push(item: T): T[] {
    const pending = this.open.get(item.pid);
    const tail = continuationText(item.message);
    if (pending && tail !== undefined) {
      const message = pending.message.replace(/\.\.\.$/, '') + tail;
      const raw = pending.raw !== undefined && item.raw !== undefined ? { raw: `${pending.raw}\n${item.raw}` } : {};
      const merged = { ...pending, message, ...raw };
      if (tail.endsWith('...')) {
        this.open.set(item.pid, merged);
        return [];
      }
      this.open.delete(item.pid);
      return [merged];
    }
    const out: T[] = [];
    if (pending) {
      this.open.delete(item.pid); // a part whose rest never came: keep it as it is
      out.push(pending);
    }
    if (item.message.endsWith('...')) this.open.set(item.pid, item);
    else out.push(item);
    return out;
  }

  flush(): T[] {
    const out = [...this.open.values()];
    this.open.clear();
    return out;
  }
}

export function joinAmavisParts<T extends AmavisPart>(items: readonly T[]): T[] {
  const joiner = new AmavisJoiner<T>();
  return [...items.flatMap((item) => joiner.push(item)), ...joiner.flush()];
}
