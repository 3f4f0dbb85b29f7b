/**
 * Finds the MCP servers the user's clients are configured with: reads every file of the client table (and each
 * `--config FILE`), parses it, and reads its servers. A missing file is normal; a file that cannot be read or parsed is
 * reported with its path and position, and every other file is still read.
 */
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ClientId, ConfigFileReport, PackageRef } from '../../data/schema/audit.ts';
import { type ClientFile, type ConfigLayout, clientFiles, type MachineInfo } from './client-files.ts';
import { installedPackageOf } from './installed-package.ts';
import { packageOfCommand } from './package-spec.ts';
import { MAX_CONFIG_BYTES, type ParsedConfig, parseJsonc, parseTomlConfig } from './parse-config-text.ts';
import { type EntryTransport, readServers } from './read-servers.ts';

/** A configured server as found, with the raw values of its config (secrets included: never serialised). */
export interface DiscoveredServer {
  /** `<client>:<scope>:<name>`. */
  id: string;
  name: string;
  client: ClientId;
  scope: string;
  configPath: string;
  disabled: boolean;
  transport: EntryTransport;
  package?: PackageRef;
}

/** Every file looked at and every server found. */
export interface Discovery {
  files: ConfigFileReport[];
  servers: DiscoveredServer[];
}

/** The layout of a file given with `--config`: TOML is Codex; JSON by its top-level keys. */
function guessLayout(path: string, document: unknown): ConfigLayout {
  if (path.toLowerCase().endsWith('.toml')) return 'codex-toml';
  if (document !== null && typeof document === 'object') {
    if (Object.hasOwn(document, 'servers')) return 'vscode-mcp';
    if (Object.hasOwn(document, 'projects')) return 'claude-code-user';
    if (Object.hasOwn(document, 'mcp.servers')) return 'vscode-settings';
  }
  return 'mcp-servers';
}

async function readText(path: string): Promise<{ text: string } | { missing: true } | { error: string }> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { error: 'not a regular file' };
    if (info.size > MAX_CONFIG_BYTES) return { error: `larger than ${MAX_CONFIG_BYTES} bytes` };
    return { text: await readFile(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { missing: true };
    return { error: code ?? (error instanceof Error ? error.message : String(error)) };
  }
}

function packageOf(transport: EntryTransport, cwd: string): PackageRef | undefined {
  if (transport.type !== 'stdio') return undefined;
  return packageOfCommand(transport.command, transport.args) ?? installedPackageOf(transport.command, transport.args, transport.cwd ?? cwd);
}

async function readOne(
  file: ClientFile | { client: 'custom'; path: string },
  project: string,
  servers: DiscoveredServer[],
): Promise<ConfigFileReport> {
  const read = await readText(file.path);
  const base = { client: file.client, path: file.path };
  if ('missing' in read) return { ...base, status: 'missing', servers: 0, notes: [] };
  if ('error' in read) return { ...base, status: 'error', servers: 0, error: { message: `cannot read: ${read.error}` }, notes: [] };
  const toml = 'layout' in file ? file.layout === 'codex-toml' : file.path.toLowerCase().endsWith('.toml');
  const parsed: ParsedConfig = toml ? parseTomlConfig(read.text) : parseJsonc(read.text);
  if (!parsed.ok) {
    const { ok: _ok, ...error } = parsed;
    return { ...base, status: 'error', servers: 0, error, notes: [] };
  }
  const layout = 'layout' in file ? file.layout : guessLayout(file.path, parsed.value);
  const scope = 'scope' in file ? file.scope : `file:${file.path}`;
  const { entries, notes } = readServers(parsed.value, layout, scope);
  for (const entry of entries) {
    const pkg = packageOf(entry.transport, project);
    servers.push({
      id: `${file.client}:${entry.scope}:${entry.name}`,
      name: entry.name,
      client: file.client,
      scope: entry.scope,
      configPath: file.path,
      disabled: entry.disabled,
      transport: entry.transport,
      ...(pkg === undefined ? {} : { package: pkg }),
    });
  }
  return { ...base, status: 'read', servers: entries.length, notes };
}

/** Reads every client file on this machine plus `extraConfigs`, in table order. */
export async function discoverServers(machine: MachineInfo, extraConfigs: readonly string[] = []): Promise<Discovery> {
  const servers: DiscoveredServer[] = [];
  const files: ConfigFileReport[] = [];
  for (const file of clientFiles(machine)) files.push(await readOne(file, machine.project, servers));
  const read = new Set(files.map((file) => file.path));
  for (const given of extraConfigs) {
    const path = resolve(given);
    if (read.has(path)) continue;
    read.add(path);
    files.push(await readOne({ client: 'custom', path }, machine.project, servers));
  }
  return { files, servers };
}
