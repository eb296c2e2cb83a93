// Names in and of the bundle: the archive's (the site and the UTC time), and each item's entry under
// "<bundle>/<host>/<component>/...".

export function siteSlug(site: string): string {
  return (
    site
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'site'
  );
}

// "oxdoctor-oxdoctor-lab-20261207T061500Z.tar.gz"
export function defaultArchiveName(site: string, nowMs: number): string {
  const stamp = new Date(nowMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `oxdoctor-${siteSlug(site)}-${stamp}.tar.gz`;
}

// The top directory inside the archive: the file's name without .tar.gz / .tgz.
export function bundleRoot(archiveBase: string): string {
  return archiveBase.replace(/\.(?:tar\.gz|tgz)$/i, '').replace(/[^A-Za-z0-9._-]/g, '_') || 'oxdoctor-bundle';
}

// A path on a host as a relative entry path (no leading slash, no "..", no empty segments).
export function relativePath(path: string): string {
  return path
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .join('/');
}

// A command's file name: its spec name, and for a per-path command the path it ran on.
export function commandFileName(name: string, path?: string): string {
  const suffix = path ? `-${relativePath(path).replace(/\//g, '_')}` : '';
  return `${name}${suffix}.txt`.replace(/[^A-Za-z0-9._-]/g, '_');
}
