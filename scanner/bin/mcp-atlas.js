#!/usr/bin/env node
// Entry point of `mcp-atlas`, in a checkout and in the installed package alike.
// - Installed package (no TypeScript sources beside this file): run the JavaScript that `tsc` compiled into lib/
//   at `npm pack` time. Node never strips types under node_modules, so the package must not depend on it.
// - Checkout: run the TypeScript directly (Node >= 22.18 strips types). Under an older system Node, re-run under
//   the Node 24 the project pins in node_modules, so `npx mcp-atlas` works in a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The oldest Node the package runs on: its `engines.node` (undici 8, a dependency, needs 22.19). */
const MINIMUM = [22, 19];

/** Runs the CLI; an interrupted run (128 + signal) exits at once: its servers are stopped and its records written. */
async function run({ main }) {
  const code = await main(process.argv.slice(2));
  if (code >= 128) process.exit(code);
  process.exitCode = code;
}

const here = dirname(fileURLToPath(import.meta.url));
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const atLeast = ([wantMajor, wantMinor]) => major > wantMajor || (major === wantMajor && minor >= wantMinor);

if (!existsSync(join(here, '..', 'cli', 'main.ts'))) {
  if (!atLeast(MINIMUM)) {
    process.stderr.write(`mcp-atlas needs Node >= ${MINIMUM.join('.')} (this is ${process.versions.node}).\n`);
    process.exit(1);
  }
  await run(await import('../../lib/scanner/cli/main.js'));
} else if (atLeast([22, 18])) {
  await run(await import('../cli/main.ts'));
} else {
  const pinned = join(here, '..', '..', 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(pinned)) {
    process.stderr.write(
      `mcp-atlas needs Node >= 22.18 to run from a checkout (found ${process.versions.node}); run \`npm install\` to get the pinned Node 24.\n`,
    );
    process.exit(1);
  }
  const child = spawnSync(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
