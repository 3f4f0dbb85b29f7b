import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { REGISTRY_LIST_FILE, registryEntries, registryEntryFiles, safeJson } from '../../catalogue-api/index.ts';
import type { ServerRecord } from '../../data/schema/index.ts';

/**
 * Writes the static registry API into `outDir`: `/v0.1/servers` (the official `ServerList` shape, every entry, no
 * cursor) and `/v0.1/servers/<name>/versions/latest` and `/versions/<version>` per server (see registryEntryFiles
 * for the file naming static hosts need). JSON is written with `<`, `>`, `&` escaped. Returns the files written.
 */
export async function writeRegistry(records: readonly ServerRecord[], outDir: string, siteUrl: string): Promise<number> {
  const entries = registryEntries(records, { siteUrl });
  const writes: [string, string][] = [[REGISTRY_LIST_FILE, `${safeJson({ servers: entries, metadata: { count: entries.length } })}\n`]];
  for (const entry of entries) {
    const text = `${safeJson(entry)}\n`;
    for (const file of registryEntryFiles(entry)) writes.push([file, text]);
  }
  const queue = writes.values();
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (const [file, text] of queue) {
        const path = join(outDir, file);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, text);
      }
    }),
  );
  return writes.length;
}
