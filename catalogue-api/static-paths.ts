import type { RegistryEntry } from './registry-entry.ts';

/** Versions that are safe as one path segment on every static host (no slash, no dot segments, no spaces). */
const SAFE_VERSION = /^(?!\.{1,2}$)[A-Za-z0-9._+-]{1,100}$/;

/**
 * Where a static site keeps the registry entry of a server, relative to its root, for
 * `/v0.1/servers/<url-encoded name>/versions/latest` and `/versions/<version>`. Each is a directory with an
 * `index.html` (the one file name every static host serves for a directory URL; `_headers` gives it the JSON media
 * type), twice: once under the decoded name (`com.npmjs/pkg/…`: hosts that decode `%2F`, like Netlify, nginx and
 * this project's server) and once under the literal encoded name (`com.npmjs%2Fpkg/…`: hosts that look files up by
 * the raw path, like S3). A version that is not a safe file name gets only `latest`. Pure.
 */
export function registryEntryFiles(entry: RegistryEntry): string[] {
  const { name, version } = entry.server;
  const versions = SAFE_VERSION.test(version) && version !== 'latest' ? ['latest', version] : ['latest'];
  const dirs = [name, encodeURIComponent(name)];
  return dirs.flatMap((dir) => versions.map((v) => `v0.1/servers/${dir}/versions/${v}/index.html`));
}

/** The file of `/v0.1/servers` (all entries, no cursor). */
export const REGISTRY_LIST_FILE = 'v0.1/servers/index.html';
