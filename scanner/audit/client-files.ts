/**
 * Where each MCP client keeps its MCP server config, per OS: a table, so adding a client is one entry. Pure: the caller
 * passes the home folder, the platform and the environment (tests pass a fixture home). Sources are cited in docs/audit.md.
 */
import { posix, win32 } from 'node:path';
import type { ClientId } from '../../data/schema/audit.ts';

/** How servers are laid out inside a file; each layout has one reader in read-servers.ts. */
export type ConfigLayout =
  /** `{"mcpServers": {name: {command,args,env,cwd} | {url|serverUrl|httpUrl, headers}}}` (Claude Desktop, Cursor, Windsurf, .mcp.json, custom). */
  | 'mcp-servers'
  /** `~/.claude.json`: top-level `mcpServers` (user scope) plus `projects.<dir>.mcpServers` (local scope, one per project). */
  | 'claude-code-user'
  /** VS Code `mcp.json`: `{"servers": {name: {type, command, args, env} | {type, url, headers}}, "inputs": [...]}`. */
  | 'vscode-mcp'
  /** VS Code `settings.json`: the same map under `mcp.servers` (nested, or the dotted key `"mcp.servers"`). */
  | 'vscode-settings'
  /** Codex `config.toml`: `[mcp_servers.<name>]` tables with command/args/env/env_vars or url/http_headers/bearer_token_env_var. */
  | 'codex-toml'
  /** Gemini CLI `settings.json`: `mcpServers` with `httpUrl` (Streamable HTTP) or `url` (SSE), and `mcp.allowed`/`mcp.excluded`. */
  | 'gemini-settings';

/** One file a client may keep servers in. */
export interface ClientFile {
  client: ClientId;
  /** Absolute path. */
  path: string;
  layout: ConfigLayout;
  /** `user`, `project` or `managed` (system-wide, set by an administrator). */
  scope: 'user' | 'project' | 'managed';
}

/** What the table needs to know about the machine. */
export interface MachineInfo {
  platform: NodeJS.Platform;
  /** The user's home folder. */
  home: string;
  /** Environment (APPDATA, XDG_CONFIG_HOME, CODEX_HOME, ProgramFiles, ProgramData are read). */
  env: Record<string, string | undefined>;
  /** The project folder whose project files are read. */
  project: string;
}

/** Every file the audit looks at on this machine, in a fixed order, duplicates removed. */
export function clientFiles(machine: MachineInfo): ClientFile[] {
  const { platform, home, env, project } = machine;
  const path = platform === 'win32' ? win32 : posix;
  const join = (...parts: string[]) => path.join(...parts);
  const appData = env.APPDATA ?? join(home, 'AppData', 'Roaming');
  const xdgConfig = env.XDG_CONFIG_HOME ?? join(home, '.config');
  const programFiles = env.ProgramFiles ?? 'C:\\Program Files';
  const programData = env.ProgramData ?? 'C:\\ProgramData';
  // The folder desktop apps keep per-user settings in.
  const appConfig = platform === 'darwin' ? join(home, 'Library', 'Application Support') : platform === 'win32' ? appData : xdgConfig;
  const codexHome = env.CODEX_HOME !== undefined && env.CODEX_HOME !== '' ? env.CODEX_HOME : join(home, '.codex');
  const managedClaude =
    platform === 'darwin'
      ? join('/Library', 'Application Support', 'ClaudeCode', 'managed-mcp.json')
      : platform === 'win32'
        ? join(programFiles, 'ClaudeCode', 'managed-mcp.json')
        : join('/etc', 'claude-code', 'managed-mcp.json');
  const systemGemini =
    platform === 'darwin'
      ? join('/Library', 'Application Support', 'GeminiCli', 'settings.json')
      : platform === 'win32'
        ? join(programData, 'gemini-cli', 'settings.json')
        : join('/etc', 'gemini-cli', 'settings.json');
  const files: ClientFile[] = [
    { client: 'claude-desktop', path: join(appConfig, 'Claude', 'claude_desktop_config.json'), layout: 'mcp-servers', scope: 'user' },
    { client: 'claude-code', path: join(home, '.claude.json'), layout: 'claude-code-user', scope: 'user' },
    { client: 'claude-code', path: join(project, '.mcp.json'), layout: 'mcp-servers', scope: 'project' },
    { client: 'claude-code', path: managedClaude, layout: 'mcp-servers', scope: 'managed' },
    { client: 'cursor', path: join(home, '.cursor', 'mcp.json'), layout: 'mcp-servers', scope: 'user' },
    { client: 'cursor', path: join(project, '.cursor', 'mcp.json'), layout: 'mcp-servers', scope: 'project' },
    { client: 'vscode', path: join(appConfig, 'Code', 'User', 'mcp.json'), layout: 'vscode-mcp', scope: 'user' },
    { client: 'vscode', path: join(appConfig, 'Code', 'User', 'settings.json'), layout: 'vscode-settings', scope: 'user' },
    { client: 'vscode', path: join(project, '.vscode', 'mcp.json'), layout: 'vscode-mcp', scope: 'project' },
    { client: 'windsurf', path: join(home, '.codeium', 'windsurf', 'mcp_config.json'), layout: 'mcp-servers', scope: 'user' },
    { client: 'codex', path: join(codexHome, 'config.toml'), layout: 'codex-toml', scope: 'user' },
    { client: 'codex', path: join(project, '.codex', 'config.toml'), layout: 'codex-toml', scope: 'project' },
    { client: 'gemini-cli', path: join(home, '.gemini', 'settings.json'), layout: 'gemini-settings', scope: 'user' },
    { client: 'gemini-cli', path: join(project, '.gemini', 'settings.json'), layout: 'gemini-settings', scope: 'project' },
    { client: 'gemini-cli', path: systemGemini, layout: 'gemini-settings', scope: 'managed' },
  ];
  const seen = new Set<string>();
  return files.filter((file) => {
    // The project may be the home folder: ~/.cursor/mcp.json is then both user and project; read it once, as user.
    const key = `${file.client}\u0000${file.layout}\u0000${file.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
