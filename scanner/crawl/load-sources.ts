import { readFile } from 'node:fs/promises';
import { SourcesFileSchema } from '../../data/schema/index.ts';
import { latestPerName } from '../registry/latest-version.ts';
import { normaliseServerJson } from '../registry/normalize.ts';
import { type ListRegistryOptions, listRegistryServers, type RegistryEntry } from '../registry/registry-client.ts';
import type { CrawlSource } from './crawl.ts';
import { CrawlError } from './errors.ts';

/**
 * Reads a sources file (`{"servers": [server.json, …]}`; snake_case entries accepted).
 * Throws CrawlError INVALID_SOURCES naming the file and the first failing paths.
 */
export async function loadSourcesFile(path: string): Promise<CrawlSource[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CrawlError('INVALID_SOURCES', `${path}: ${(error as Error).message}`, { cause: error });
  }
  const normalised =
    raw !== null && typeof raw === 'object' && Array.isArray((raw as { servers?: unknown }).servers)
      ? { ...(raw as object), servers: (raw as { servers: unknown[] }).servers.map(normaliseServerJson) }
      : raw;
  const parsed = SourcesFileSchema.safeParse(normalised);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `  location: ${issue.path.join('.')}\n  expected: ${issue.message}`);
    throw new CrawlError('INVALID_SOURCES', `${path} does not match the sources schema:\n${issues.join('\n')}`);
  }
  return parsed.data.servers.map((server) => ({ server }));
}

/**
 * Lists an MCP Registry as crawl sources, one per server name: its latest version by the rules of
 * `pickLatestVersion` (deleted and deprecated entries included, marked). Throws CrawlError REGISTRY_FAILED.
 */
export async function loadRegistrySources(baseUrl: string, options: ListRegistryOptions = {}): Promise<CrawlSource[]> {
  const listed: RegistryEntry[] = [];
  for await (const entry of listRegistryServers(baseUrl, options)) listed.push(entry);
  return latestPerName(listed).map((entry) => ({ server: entry.server, status: entry.status }));
}
