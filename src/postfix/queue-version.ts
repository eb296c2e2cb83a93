// Which listing a postfix can give: `postqueue -j` exists from 3.1 on; older ones (RHEL5's 2.3) only -p.
export function hasJsonQueueListing(mailVersion: string | undefined): boolean {
  const m = /^(\d+)\.(\d+)/.exec(mailVersion ?? '');
  if (!m) return false;
  const major = Number(m[1]);
  return major > 3 || (major === 3 && Number(m[2]) >= 1);
}
