/**
 * Reads the MCP server entries out of a parsed client config, one reader per layout. Pure. The file is untrusted (a
 * project's `.mcp.json` comes with the repository): anything that is not the expected shape is skipped with a note,
 * strings are capped, and only own properties are read.
 */
import type { ConfigLayout } from './client-files.ts';

/** How a configured server is started or reached, with the raw (unexpanded) values the config gives. */
export type EntryTransport =
  | {
      type: 'stdio';
      command: string;
      args: string[];
      /** Variables the config sets (values may hold `${VAR}` references). */
      env: Record<string, string>;
      /** Variables passed through from the user's environment by name (Codex `env_vars`). */
      passEnv: string[];
      cwd?: string;
    }
  | {
      type: 'streamable-http' | 'sse' | 'http';
      url: string;
      headers: Record<string, string>;
      /** Headers whose value is the named environment variable (Codex `env_http_headers`, `bearer_token_env_var`). */
      headersFromEnv: Record<string, string>;
    };

/** One server entry as configured. */
export interface ServerEntry {
  /** The name the user gave it (the map key). */
  name: string;
  /** `user`, `project`, `managed`, or `project:<dir>` for Claude Code per-project entries in ~/.claude.json. */
  scope: string;
  disabled: boolean;
  transport: EntryTransport;
}

/** The entries of one file plus notes on what was skipped. */
export interface ReadResult {
  entries: ServerEntry[];
  notes: string[];
}

/** Most servers read from one file; the rest are skipped with a note. */
export const MAX_SERVERS_PER_FILE = 500;
const MAX_STRING = 8 * 1024;
const MAX_ARGS = 256;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function own(object: Json, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, MAX_STRING) : undefined;
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (!isObject(value)) return out;
  for (const [key, member] of Object.entries(value).slice(0, MAX_ARGS)) {
    if (typeof member === 'string' || typeof member === 'number' || typeof member === 'boolean') out[key.slice(0, 256)] = String(member);
  }
  return out;
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .slice(0, MAX_ARGS)
    .filter((item) => typeof item === 'string' || typeof item === 'number')
    .map((item) => String(item).slice(0, MAX_STRING));
}

/** Which HTTP transport a `type` field names: VS Code and Claude Code say `http`/`sse`, Cursor `streamableHttp`. */
function httpType(type: string | undefined, fallback: 'streamable-http' | 'sse' | 'http'): 'streamable-http' | 'sse' | 'http' {
  const t = type?.toLowerCase().replace(/[^a-z]/g, '');
  if (t === 'sse') return 'sse';
  if (t === 'http' || t === 'streamablehttp') return 'streamable-http';
  return fallback;
}

/** One `mcpServers`-style entry: a command, or a URL under `url`, `serverUrl` (Windsurf) or `httpUrl` (Gemini CLI). */
function jsonEntry(name: string, value: unknown, scope: string, layout: ConfigLayout, notes: string[]): ServerEntry | undefined {
  if (!isObject(value)) {
    notes.push(`server ${JSON.stringify(name.slice(0, 80))} is not an object; skipped`);
    return undefined;
  }
  const disabled = own(value, 'disabled') === true || own(value, 'enabled') === false;
  const command = str(own(value, 'command'));
  const type = str(own(value, 'type'));
  if (command !== undefined && command !== '') {
    const cwd = str(own(value, 'cwd'));
    return {
      name,
      scope,
      disabled,
      transport: {
        type: 'stdio',
        command,
        args: stringList(own(value, 'args')),
        env: stringMap(own(value, 'env')),
        passEnv: [],
        ...(cwd === undefined ? {} : { cwd }),
      },
    };
  }
  const httpUrl = str(own(value, 'httpUrl'));
  const url = httpUrl ?? str(own(value, 'serverUrl')) ?? str(own(value, 'url'));
  if (url !== undefined && url !== '') {
    // Gemini CLI: `httpUrl` is Streamable HTTP and `url` is SSE; elsewhere an untyped URL is tried as Streamable HTTP, then SSE.
    const fallback = httpUrl !== undefined ? 'streamable-http' : layout === 'gemini-settings' ? 'sse' : 'http';
    return {
      name,
      scope,
      disabled,
      transport: {
        type: httpUrl !== undefined ? 'streamable-http' : httpType(type, fallback),
        url,
        headers: stringMap(own(value, 'headers')),
        headersFromEnv: Object.create(null),
      },
    };
  }
  notes.push(`server ${JSON.stringify(name.slice(0, 80))} has neither a command nor a URL; skipped`);
  return undefined;
}

/** One Codex `[mcp_servers.<name>]` table. */
function codexEntry(name: string, value: unknown, notes: string[]): ServerEntry | undefined {
  if (!isObject(value)) {
    notes.push(`[mcp_servers.${name.slice(0, 80)}] is not a table; skipped`);
    return undefined;
  }
  const disabled = own(value, 'enabled') === false;
  const command = str(own(value, 'command'));
  if (command !== undefined && command !== '') {
    const cwd = str(own(value, 'cwd'));
    return {
      name,
      scope: 'user',
      disabled,
      transport: {
        type: 'stdio',
        command,
        args: stringList(own(value, 'args')),
        env: stringMap(own(value, 'env')),
        passEnv: stringList(own(value, 'env_vars')),
        ...(cwd === undefined ? {} : { cwd }),
      },
    };
  }
  const url = str(own(value, 'url'));
  if (url !== undefined && url !== '') {
    const headersFromEnv = stringMap(own(value, 'env_http_headers'));
    const bearer = str(own(value, 'bearer_token_env_var'));
    if (bearer !== undefined) headersFromEnv.Authorization = bearer;
    return {
      name,
      scope: 'user',
      disabled,
      transport: { type: 'streamable-http', url, headers: stringMap(own(value, 'http_headers')), headersFromEnv },
    };
  }
  notes.push(`[mcp_servers.${name.slice(0, 80)}] has neither command nor url; skipped`);
  return undefined;
}

function readMap(
  map: unknown,
  scope: string,
  notes: string[],
  entries: ServerEntry[],
  where: string,
  read: (name: string, value: unknown) => ServerEntry | undefined,
): void {
  if (map === undefined) return;
  if (!isObject(map)) {
    notes.push(`${where} is not an object; skipped`);
    return;
  }
  for (const [name, value] of Object.entries(map)) {
    if (entries.length >= MAX_SERVERS_PER_FILE) {
      notes.push(`more than ${MAX_SERVERS_PER_FILE} servers; the rest were skipped`);
      return;
    }
    const entry = read(name.slice(0, 256), value);
    if (entry !== undefined) entries.push({ ...entry, scope });
  }
}

/** The server entries of a parsed file of `layout`, whose default scope is `scope`. */
export function readServers(document: unknown, layout: ConfigLayout, scope: string): ReadResult {
  const entries: ServerEntry[] = [];
  const notes: string[] = [];
  if (!isObject(document)) return { entries, notes: ['the file is not a JSON object'] };
  const json = (name: string, value: unknown) => jsonEntry(name, value, scope, layout, notes);
  switch (layout) {
    case 'mcp-servers':
      readMap(own(document, 'mcpServers'), scope, notes, entries, 'mcpServers', json);
      break;
    case 'claude-code-user': {
      readMap(own(document, 'mcpServers'), 'user', notes, entries, 'mcpServers', json);
      const projects = own(document, 'projects');
      if (isObject(projects)) {
        for (const [dir, project] of Object.entries(projects)) {
          if (!isObject(project)) continue;
          const projectScope = `project:${dir.slice(0, 1024)}`;
          readMap(own(project, 'mcpServers'), projectScope, notes, entries, `projects[${dir}].mcpServers`, (name, value) =>
            jsonEntry(name, value, projectScope, layout, notes),
          );
        }
      }
      break;
    }
    case 'vscode-mcp':
      readMap(own(document, 'servers'), scope, notes, entries, 'servers', json);
      break;
    case 'vscode-settings': {
      const nested = own(document, 'mcp');
      const map = own(document, 'mcp.servers') ?? (isObject(nested) ? own(nested, 'servers') : undefined);
      readMap(map, scope, notes, entries, 'mcp.servers', json);
      break;
    }
    case 'codex-toml':
      readMap(own(document, 'mcp_servers'), scope, notes, entries, 'mcp_servers', (name, value) => codexEntry(name, value, notes));
      break;
    case 'gemini-settings': {
      readMap(own(document, 'mcpServers'), scope, notes, entries, 'mcpServers', json);
      // `mcp.allowed` lists the only servers Gemini CLI connects to; `mcp.excluded` the ones it skips.
      const mcp = own(document, 'mcp');
      const allowed = isObject(mcp) && Array.isArray(own(mcp, 'allowed')) ? new Set(stringList(own(mcp, 'allowed'))) : undefined;
      const excluded = new Set(isObject(mcp) ? stringList(own(mcp, 'excluded')) : []);
      for (const entry of entries) {
        if (excluded.has(entry.name) || (allowed !== undefined && !allowed.has(entry.name))) entry.disabled = true;
      }
      break;
    }
  }
  return { entries, notes };
}
