/** Parses the classify command's input: a `tools/list` result, a bare array of tools, or a saved scan result. */
import type { ServerContext } from './classify-tool.ts';
import { ToolListError } from './input-error.ts';
import type { ToolInput } from './tool-input.ts';

/** The tools to classify and what is known about their server. */
export interface ToolList {
  kind: 'tools-list' | 'array' | 'scan-result';
  tools: ToolInput[];
  context: ServerContext;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

function checkTools(tools: unknown[], where: string): ToolInput[] {
  tools.forEach((tool, i) => {
    if (!isRecord(tool)) throw new ToolListError('INVALID_SHAPE', `${where}[${i}]: expected a tool object, got ${describe(tool)}`);
    if (typeof tool.name !== 'string')
      throw new ToolListError('INVALID_SHAPE', `${where}[${i}].name: expected a string, got ${describe(tool.name)}`);
    for (const key of ['description', 'title'] as const) {
      if (tool[key] !== undefined && typeof tool[key] !== 'string') {
        throw new ToolListError('INVALID_SHAPE', `${where}[${i}].${key}: expected a string, got ${describe(tool[key])}`);
      }
    }
    if (tool.inputSchema !== undefined && !isRecord(tool.inputSchema)) {
      throw new ToolListError('INVALID_SHAPE', `${where}[${i}].inputSchema: expected an object, got ${describe(tool.inputSchema)}`);
    }
  });
  return tools as ToolInput[];
}

/** Parses JSON text into a tool list. Throws ToolListError naming what was wrong. */
export function parseToolList(text: string): ToolList {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ToolListError('INVALID_JSON', `not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (Array.isArray(data)) {
    const tools = checkTools(data, '$');
    return { kind: 'array', tools, context: { toolNames: tools.map((t) => t.name) } };
  }
  if (!isRecord(data))
    throw new ToolListError('INVALID_SHAPE', `$: expected {"tools": [...]}, an array of tools or a scan result, got ${describe(data)}`);
  if (!Array.isArray(data.tools)) {
    throw new ToolListError(
      'INVALID_SHAPE',
      `$.tools: expected an array of tools, got ${data.tools === undefined ? 'nothing' : describe(data.tools)}`,
    );
  }
  const tools = checkTools(data.tools, '$.tools');
  const toolNames = tools.map((t) => t.name);
  const info = isRecord(data.serverInfo) ? data.serverInfo : undefined;
  // A saved scan (or a tools/list file annotated with `serverInfo`) also says which server the tools come from.
  const context: ServerContext = { toolNames };
  const name = typeof info?.title === 'string' ? info.title : typeof info?.name === 'string' ? info.name : undefined;
  if (name !== undefined) context.serverName = name;
  if (typeof info?.instructions === 'string') context.serverDescription = info.instructions;
  const scan = typeof data.status === 'string' && isRecord(data.transport);
  return { kind: scan ? 'scan-result' : 'tools-list', tools, context };
}
