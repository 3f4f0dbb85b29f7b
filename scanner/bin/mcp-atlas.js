#!/usr/bin/env node
// Entry point for `npx mcp-atlas`. The CLI is TypeScript run by Node's type stripping (Node >= 22.18).
// When started by an older system Node, re-run under the Node 24 this package pins in node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const canStripTypes = major > 22 || (major === 22 && minor >= 18);

if (canStripTypes) {
  const { main } = await import('../cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
} else {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const pinned = join(root, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned)) {
    process.stderr.write(
      `mcp-atlas needs Node >= 22.18 (found ${process.versions.node}); run \`npm install\` to get the pinned Node 24.\n`,
    );
    process.exit(1);
  }
  const child = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
