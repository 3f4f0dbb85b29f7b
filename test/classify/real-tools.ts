// Loads the real tool lists captured from published MCP servers (test/classify/real-servers/*.json).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerContext, ToolInput } from '../../scanner/classify/index.ts';

const DIR = join(import.meta.dirname, 'real-servers');

/** One captured server: its package, what it reported, and its tools exactly as listed. */
export interface RealServer {
  file: string;
  package: string;
  serverInfo: { name: string; version: string };
  tools: ToolInput[];
}

/** Every captured server. */
let cache: RealServer[] | undefined;

export function realServers(): RealServer[] {
  cache ??= readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ file: f.replace(/\.json$/, ''), ...(JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Omit<RealServer, 'file'>) }));
  return cache;
}

/** The server context the classifier gets for a captured server. */
export function contextOf(server: RealServer): ServerContext {
  return { serverName: server.serverInfo.name, toolNames: server.tools.map((t) => t.name) };
}

/** One real tool by file and name, with its server context; throws when missing so a table typo fails loudly. */
export function realTool(file: string, name: string): { tool: ToolInput; context: ServerContext } {
  const server = realServers().find((s) => s.file === file);
  const tool = server?.tools.find((t) => t.name === name);
  if (server === undefined || tool === undefined) throw new Error(`no real tool ${file}/${name}`);
  return { tool, context: contextOf(server) };
}
