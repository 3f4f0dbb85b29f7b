import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'mcp-atlas';

/**
 * The folder holding mcp-atlas's own package.json, found by walking up from this file. The same code runs as
 * `scanner/package/package-root.ts` in a checkout and as `lib/scanner/package/package-root.js` in the installed
 * package, so a fixed `../..` would be right in only one of them.
 */
export function findPackageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json named ${PACKAGE_NAME} above ${from}`);
  }
}

/** The mcp-atlas package folder (the checkout in development, `node_modules/mcp-atlas` once installed). */
export const PACKAGE_ROOT: string = findPackageRoot();

/** True when running from a checkout (TypeScript sources present), false in the installed package. */
export const FROM_CHECKOUT: boolean = existsSync(join(PACKAGE_ROOT, 'scanner', 'cli', 'main.ts'));
