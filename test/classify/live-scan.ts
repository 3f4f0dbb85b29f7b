// Lists a real MCP server over stdio with the SDK client and shapes the result as a ScanResult (independent of the
// scan command, so the classifier's tests do not depend on it).
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { ScanResult } from '../../data/schema/index.ts';
import { okScanResult } from '../helpers/ok-scan-result.ts';

const require = createRequire(import.meta.url);

/** The dev-dependency servers, by short name: how to start each. */
export const DEV_SERVERS = {
  filesystem: (dir: string) => [require.resolve('@modelcontextprotocol/server-filesystem/dist/index.js'), dir],
  memory: () => [require.resolve('@modelcontextprotocol/server-memory/dist/index.js')],
  everything: () => [require.resolve('@modelcontextprotocol/server-everything/dist/index.js'), 'stdio'],
} as const;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Starts `node ARGS…`, lists its tools, closes it, and returns a schema-valid ScanResult. */
export async function liveScan(args: string[]): Promise<ScanResult> {
  const started = Date.now();
  const transport = new StdioClientTransport({ command: process.execPath, args, stderr: 'ignore' });
  const client = new Client({ name: 'mcp-atlas-classify-test', version: '0.0.0' });
  await client.connect(transport);
  try {
    const tools = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor });
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const info = client.getServerVersion();
    return okScanResult({
      transport: { type: 'stdio', command: 'node', args, envNames: [] },
      serverInfo: { name: info?.name ?? 'unknown', version: info?.version ?? '0' },
      tools: tools.map((t) => {
        const { name, title, description, inputSchema, outputSchema, annotations } = t;
        const hashed = { name, title, description, inputSchema, outputSchema, annotations };
        const hash = `sha256:${createHash('sha256')
          .update(JSON.stringify(canonical(hashed)))
          .digest('hex')}`;
        return { ...Object.fromEntries(Object.entries(hashed).filter(([, v]) => v !== undefined)), hash };
      }),
      startedAt: started,
    });
  } finally {
    await client.close();
  }
}
