/**
 * catalogue-api: the catalogue as an API, shared by the static site (site/) and the live commands
 * (`mcp-atlas registry`, `mcp-atlas mcp` in scanner/). Pure: records in, registry entries, pages of entries and
 * lookups out. Depends on data/schema and policies-gen only; imports neither site/ nor scanner/.
 */
export { safeJson } from './json-text.ts';
export { type FoundTool, findServer, findTool, searchTools, type ToolFilters, toolSummary } from './lookup.ts';
export {
  type EntryOptions,
  entryVersion,
  type RegistryEntry,
  type RegistryList,
  type RegistryServer,
  registryEntries,
  registryEntry,
  SERVER_SCHEMA_URL,
  scanReceipt,
} from './registry-entry.ts';
export { REGISTRY_NAME, registryName } from './registry-name.ts';
export { DEFAULT_LIMIT, MAX_LIMIT, parseRegistryQuery, queryEntries, type RegistryQuery, RegistryQueryError } from './registry-query.ts';
export { REGISTRY_LIST_FILE, registryEntryFiles } from './static-paths.ts';
export { capped, httpUrl } from './text-caps.ts';
