// The optional `kerberos` npm addon (MIT libkrb5 in-process). It is an optional dependency built from source:
// where the build failed it is simply absent, so it is loaded lazily and its absence is not an error.

export interface KerberosClient {
  readonly contextComplete: boolean;
  step(challenge: string): Promise<string>;
  unwrap(challenge: string): Promise<string>;
  wrap(challenge: string, options?: { user?: string }): Promise<string>;
}

export interface KerberosAddon {
  checkPassword(user: string, password: string, service: string, defaultRealm?: string): Promise<void>;
  initializeClient(service: string, options?: { mechOID?: unknown }): Promise<KerberosClient>;
  readonly GSS_MECH_OID_KRB5: unknown;
}

let loaded: Promise<KerberosAddon | null> | undefined;

export function kerberosAddon(): Promise<KerberosAddon | null> {
  loaded ??= import('kerberos').then(
    (m: { default?: KerberosAddon } & Partial<KerberosAddon>) =>
      typeof m.checkPassword === 'function' ? (m as KerberosAddon) : (m.default ?? null),
    () => null,
  );
  return loaded;
}

export type AddonLogin =
  | { readonly ok: true; readonly ms: number }
  | { readonly ok: false; readonly ms: number; readonly message: string }
  | { readonly ok: false; readonly timedOut: true; readonly ms: number };

// An AS exchange for `principal` with `password`, as kinit does, inside this process. libkrb5 cannot be
// interrupted, so a deadline only stops waiting for it.
export async function addonLogin(
  addon: KerberosAddon,
  principal: string,
  realm: string | undefined,
  password: string,
  signal: AbortSignal,
): Promise<AddonLogin> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<'timeout'>((resolve) => {
    onAbort = () => resolve('timeout');
    if (signal.aborted) resolve('timeout');
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const outcome = await Promise.race([
      addon.checkPassword(principal, password, '', realm).then(() => 'ok' as const),
      aborted,
    ]);
    return outcome === 'ok' ? { ok: true, ms: ms() } : { ok: false, timedOut: true, ms: ms() };
  } catch (err) {
    return { ok: false, ms: ms(), message: err instanceof Error ? err.message : String(err) };
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
