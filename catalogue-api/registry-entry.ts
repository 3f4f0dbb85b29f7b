import type { EnvironmentVariable, Package, PackageArgument, Remote, ServerRecord } from '../data/schema/index.ts';
import { SCAN_RECEIPT_KEY, type ScanReceipt } from '../data/schema/scan-receipt.ts';
import { serverUrl, shortHash } from '../data/schema/search-document.ts';
import { POLICY_FORMATS } from '../policies-gen/index.ts';
import { registryName } from './registry-name.ts';
import { capped, httpUrl } from './text-caps.ts';

/**
 * The shapes below are the official MCP Registry API's (`ServerResponse`, `ServerDetail`, `ServerList` in
 * modelcontextprotocol/registry `docs/reference/api/openapi.yaml`; a copy is in test/fixtures/registry/). They are the
 * upstream contract, not ours, so they are written as types here and checked against that file by
 * test/catalogue-api/registry-openapi.test.ts; our own part, the scan receipt, is a zod schema in data/schema.
 */
type Json = Record<string, unknown>;

/** `ServerDetail`: a server.json entry. */
export interface RegistryServer {
  $schema: string;
  name: string;
  description: string;
  title?: string;
  version: string;
  websiteUrl?: string;
  repository?: { url: string; source: string; subfolder?: string };
  packages?: Json[];
  remotes?: Json[];
}

/** `ServerResponse`: one entry of the registry API, with the scan receipt under our `_meta` key. */
export interface RegistryEntry {
  server: RegistryServer;
  _meta: { [SCAN_RECEIPT_KEY]: ScanReceipt };
}

/** `ServerList`: the answer of `/v0.1/servers`. */
export interface RegistryList {
  servers: RegistryEntry[];
  metadata: { count: number; nextCursor?: string };
}

/** Where the receipt's links point. */
export interface EntryOptions {
  /** Origin of the catalogue site (`https://atlas.example`); links are site-relative without it. */
  siteUrl?: string;
}

/** The server.json schema the entries follow. */
export const SERVER_SCHEMA_URL = 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json';
const INPUT_FORMATS = new Set(['string', 'number', 'boolean', 'filepath']);
/** A `{variable}` or an http(s) URL without spaces: the registry's transport URL pattern. */
const TRANSPORT_URL = /^(https?:\/\/[^\s]+|\{[a-zA-Z_][a-zA-Z0-9_]*\}[^\s]*)$/;
const MAX_RECEIPT_TOOLS = 1_000;
const MAX_RECEIPT_FINDINGS = 200;

/** The version an entry is published under: the scanned package version, else the entry's, else the server's own. */
export function entryVersion(record: ServerRecord): string {
  const version = record.packageVersion ?? record.source.version ?? record.scan.serverInfo?.version ?? '';
  return version.trim() === '' ? 'unknown' : capped(version, 255);
}

function input(variable: EnvironmentVariable): Json | undefined {
  if (variable.name.trim() === '') return undefined;
  const out: Json = { name: capped(variable.name, 200) };
  if (variable.description !== undefined) out.description = capped(variable.description, 500);
  if (variable.isRequired !== undefined) out.isRequired = variable.isRequired;
  if (variable.isSecret !== undefined) out.isSecret = variable.isSecret;
  if (variable.format !== undefined && INPUT_FORMATS.has(variable.format)) out.format = variable.format;
  if (variable.default !== undefined && !variable.isSecret) out.default = capped(variable.default, 500);
  if (variable.value !== undefined && !variable.isSecret) out.value = capped(variable.value, 500);
  return out;
}

function argument(arg: PackageArgument): Json | undefined {
  const out: Json = { type: arg.type };
  if (arg.type === 'named') {
    if (arg.name === undefined || arg.name === '') return undefined;
    out.name = capped(arg.name, 200);
  } else if (arg.value === undefined && arg.valueHint === undefined) return undefined;
  if (arg.value !== undefined) out.value = capped(arg.value, 500);
  if (arg.valueHint !== undefined) out.valueHint = capped(arg.valueHint, 200);
  if (arg.default !== undefined) out.default = capped(arg.default, 500);
  if (arg.isRequired !== undefined) out.isRequired = arg.isRequired;
  if (arg.description !== undefined) out.description = capped(arg.description, 500);
  return out;
}

function some<T>(items: readonly T[] | undefined, map: (item: T) => Json | undefined): Json[] | undefined {
  const out = (items ?? []).map(map).filter((item): item is Json => item !== undefined);
  return out.length === 0 ? undefined : out;
}

function registryPackage(pkg: Package): Json | undefined {
  const type = pkg.transport?.type ?? 'stdio';
  const url = pkg.transport?.url;
  if (type !== 'stdio' && (url === undefined || !TRANSPORT_URL.test(url) || url.length > 2_000)) return undefined;
  const out: Json = {
    registryType: pkg.registryType,
    identifier: capped(pkg.identifier, 300),
    transport: type === 'stdio' ? { type } : { type, url },
  };
  const registryBaseUrl = httpUrl(pkg.registryBaseUrl);
  if (registryBaseUrl !== undefined) out.registryBaseUrl = registryBaseUrl;
  if (pkg.version !== undefined && pkg.version !== '' && pkg.version !== 'latest') out.version = capped(pkg.version, 255);
  if (pkg.fileSha256 !== undefined && /^[a-f0-9]{64}$/.test(pkg.fileSha256)) out.fileSha256 = pkg.fileSha256;
  if (pkg.runtimeHint !== undefined) out.runtimeHint = capped(pkg.runtimeHint, 40);
  const runtimeArguments = some(pkg.runtimeArguments, argument);
  if (runtimeArguments !== undefined) out.runtimeArguments = runtimeArguments;
  const packageArguments = some(pkg.packageArguments, argument);
  if (packageArguments !== undefined) out.packageArguments = packageArguments;
  const environmentVariables = some(pkg.environmentVariables, input);
  if (environmentVariables !== undefined) out.environmentVariables = environmentVariables;
  return out;
}

function registryRemote(remote: Remote): Json | undefined {
  if (!TRANSPORT_URL.test(remote.url) || remote.url.length > 2_000) return undefined;
  const out: Json = { type: remote.type, url: remote.url };
  const headers = some(remote.headers, input);
  if (headers !== undefined) out.headers = headers;
  return out;
}

function repository(record: ServerRecord): RegistryServer['repository'] {
  const repo = record.source.repository;
  const url = httpUrl(repo?.url);
  if (repo === undefined || url === undefined) return undefined;
  const host = new URL(url).hostname.replace(/^www\./, '');
  const source = /^[a-z0-9.-]{1,60}$/.test(repo.source ?? '') ? repo.source! : host === 'github.com' ? 'github' : host.slice(0, 60);
  const out: NonNullable<RegistryServer['repository']> = { url, source };
  const sub = repo.subfolder;
  if (sub !== undefined && /^[A-Za-z0-9._/-]{1,200}$/.test(sub) && !sub.split('/').some((part) => part === '..' || part === '.'))
    out.subfolder = sub;
  return out;
}

function count<K extends string>(keys: readonly (K | undefined)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of keys) if (key !== undefined) out[key] = (out[key] ?? 0) + 1;
  return out;
}

/** The scan receipt of one server (see ScanReceiptSchema). Pure. */
export function scanReceipt(record: ServerRecord, options: EntryOptions = {}): ScanReceipt {
  const base = (options.siteUrl ?? '').replace(/\/+$/, '');
  const { scan } = record;
  const pkg = record.source.packages?.[0];
  const remote = record.source.remotes?.[0];
  const tools = scan.tools;
  const findings = tools.flatMap((tool) =>
    (tool.findings ?? []).map((f) => ({ tool: capped(tool.name, 200), code: f.code, severity: f.severity })),
  );
  const receipt: ScanReceipt = {
    scannerVersion: capped(scan.scannerVersion, 60),
    scannedAt: scan.scannedAt,
    status: scan.status,
    sourceName: capped(record.source.name, 300),
    slug: record.slug,
    counts: {
      tools: tools.length,
      prompts: scan.prompts.length,
      resources: scan.resources.length + scan.resourceTemplates.length,
      findings: findings.length,
      byClass: count(tools.map((t) => t.classification?.class)),
      byRisk: count(tools.map((t) => t.classification?.risk)),
    },
    tools: tools.slice(0, MAX_RECEIPT_TOOLS).map((tool) => ({
      name: capped(tool.name, 200),
      hash: tool.hash,
      class: tool.classification?.class,
      risk: tool.classification?.risk,
      tags: tool.classification?.tags ?? [],
    })),
    findings: findings.slice(0, MAX_RECEIPT_FINDINGS),
    page: `${base}${serverUrl(record.slug)}`,
    policies: Object.fromEntries(POLICY_FORMATS.map((f) => [f.format, `${base}/api/policies/${record.slug}${f.fileSuffix}`])),
    updatedAt: scan.scannedAt,
    isLatest: true,
  };
  if (pkg !== undefined)
    receipt.package = {
      registryType: pkg.registryType,
      identifier: capped(pkg.identifier, 300),
      version: record.packageVersion === undefined ? undefined : capped(record.packageVersion, 100),
    };
  else if (remote !== undefined) receipt.remote = { type: remote.type, url: capped(remote.url, 500) };
  if (scan.serverInfo !== undefined)
    receipt.serverInfo = { name: capped(scan.serverInfo.name, 200), version: capped(scan.serverInfo.version, 100) };
  if (scan.protocolVersion !== undefined) receipt.protocolVersion = capped(scan.protocolVersion, 40);
  return receipt;
}

/**
 * The registry entry (`ServerResponse`) of one catalogue server: its source entry mapped into the official
 * `server.json` shape (fields that do not fit the official schema are dropped or capped: the description to 100
 * characters, names to the registry pattern — see registryName), with the scan receipt under
 * `_meta["io.github.mcp-atlas/scan"]`. Pure; shared by the static site and `mcp-atlas registry`.
 */
export function registryEntry(record: ServerRecord, options: EntryOptions = {}): RegistryEntry {
  const { source } = record;
  const description = (source.description ?? record.scan.serverInfo?.title ?? '').trim();
  const server: RegistryServer = {
    $schema: SERVER_SCHEMA_URL,
    name: registryName(source.name),
    description: capped(description === '' ? `MCP server ${source.name}` : description, 100),
    version: entryVersion(record),
  };
  if (source.title !== undefined && source.title.trim() !== '') server.title = capped(source.title, 100);
  const website = httpUrl(source.websiteUrl);
  if (website !== undefined) server.websiteUrl = website;
  const repo = repository(record);
  if (repo !== undefined) server.repository = repo;
  const packages = some(source.packages, registryPackage);
  if (packages !== undefined) server.packages = packages;
  const remotes = some(source.remotes, registryRemote);
  if (remotes !== undefined) server.remotes = remotes;
  return {
    server,
    _meta: { [SCAN_RECEIPT_KEY]: scanReceipt(record, options) },
  };
}

/**
 * The registry entries of a whole catalogue, sorted by registry name; should two servers map to one name, the later
 * one gets a short hash of its slug appended, so every name stays unique. Pure.
 */
export function registryEntries(records: readonly ServerRecord[], options: EntryOptions = {}): RegistryEntry[] {
  const taken = new Set<string>();
  const entries = records.map((record) => {
    const entry = registryEntry(record, options);
    if (taken.has(entry.server.name)) entry.server.name = `${entry.server.name.slice(0, 190)}-${shortHash(record.slug)}`;
    taken.add(entry.server.name);
    return entry;
  });
  return entries.sort((a, b) => (a.server.name < b.server.name ? -1 : a.server.name > b.server.name ? 1 : 0));
}
