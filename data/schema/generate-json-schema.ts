// Writes JSON Schema files generated from the zod schemas into data/schema/json/, for outside users.
// Run: npm run schema:json. A test checks the committed files are up to date.
import { mkdirSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { PUBLISHED_SCHEMAS } from './published.ts';

const outDir = new URL('./json/', import.meta.url);

/** The JSON text of every published schema, keyed by file name. */
export function renderJsonSchemas(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    files.set(`${name}.schema.json`, `${JSON.stringify({ $id: `https://mcp-atlas.dev/schema/${name}.schema.json`, ...json }, null, 2)}\n`);
  }
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(outDir, { recursive: true });
  for (const [file, text] of renderJsonSchemas()) {
    writeFileSync(new URL(file, outDir), text);
    process.stderr.write(`wrote data/schema/json/${file}\n`);
  }
}
