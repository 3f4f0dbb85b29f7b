import { readFileSync } from 'node:fs';

/** The mcp-atlas version, recorded in every scan result. */
export const SCANNER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
