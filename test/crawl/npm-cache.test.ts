// The installer against the real npm registry: installs one tiny real package into a temp cache, in the exact
// layout the crawl uses, then finds it there without npm. Skipped (with a message) when the registry is unreachable.
import { execFileSync } from 'node:child_process';
import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NpmCache, packageDir } from '../../scanner/crawl/npm-cache.ts';

const PACKAGE = 'semver';
const VERSION = '7.6.3';

function registryReachable(): boolean {
  try {
    execFileSync('npm', ['view', `${PACKAGE}@${VERSION}`, 'version'], { timeout: 20_000, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const reachable = registryReachable();
if (!reachable) console.warn(`npm-cache.test: the npm registry is unreachable; skipping the real install of ${PACKAGE}@${VERSION}.`);

describe('npm cache installer', () => {
  it.skipIf(!reachable)(
    'installs a package once into <root>/npm/<id>@<version> and reuses it',
    async () => {
      const root = await mkdtemp(join(tmpdir(), 'atlas-npm-'));
      const cache = new NpmCache({ root });
      expect(await cache.resolveVersion(PACKAGE, '~7.6.0')).toMatch(/^7\.6\.\d+$/);
      const first = await cache.ensure(PACKAGE, VERSION);
      expect(first.installedNow).toBe(true);
      expect(first.dir).toBe(packageDir(root, PACKAGE, VERSION));
      expect(first.binPath).toBe(join(first.dir, 'node_modules', PACKAGE, 'bin', 'semver.js'));
      await access(join(first.dir, 'node_modules', PACKAGE, 'package.json'));
      const again = await new NpmCache({ root, offline: true }).ensure(PACKAGE, VERSION);
      expect(again).toMatchObject({ installedNow: false, binPath: first.binPath });
      const version = execFileSync(process.execPath, [first.binPath, '--help'], { encoding: 'utf8' });
      expect(version).toContain('SemVer');
    },
    120_000,
  );

  it('refuses names and versions that are not npm names or exact versions, before touching npm', async () => {
    const cache = new NpmCache({ root: await mkdtemp(join(tmpdir(), 'atlas-npm-')) });
    await expect(cache.ensure('../../evil', '1.0.0')).rejects.toMatchObject({ code: 'INSTALL_FAILED' });
    await expect(cache.ensure('ok-name', '1.0.0/../../x')).rejects.toMatchObject({ code: 'INSTALL_FAILED' });
  });
});
