// The published reference servers (dev dependencies), scanned end to end through the CLI with `npx`,
// checked against what the SDK's own client lists from the same server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, describe, expect, it } from 'vitest';
import { type ScanResult, ScanResultSchema } from '../../data/schema/index.ts';
import { EXIT_CODES } from '../../scanner/cli/exit-codes.ts';
import { SCAN_CLIENT_CAPABILITIES } from '../../scanner/scan/mcp-client.ts';
import { MARKER_VARIABLE, newMarker, survivorsAfter } from '../helpers/processes.ts';
import { NODE, ROOT, runCli } from '../helpers/run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'atlas-real-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** What the SDK's own client lists from the same server: the independent oracle. */
async function listWithSdk(bin: string, args: string[]) {
  // The oracle declares what the scanner declares, so both are offered the same tools.
  const client = new Client({ name: 'oracle', version: '1.0.0' }, { capabilities: structuredClone(SCAN_CLIENT_CAPABILITIES) });
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [] }));
  const script = join(ROOT, 'node_modules', '@modelcontextprotocol', bin, 'dist', 'index.js');
  await client.connect(new StdioClientTransport({ command: NODE, args: [script, ...args], stderr: 'ignore' }));
  try {
    const tools = await client.listTools();
    const capabilities = client.getServerCapabilities() ?? {};
    const prompts = capabilities.prompts ? (await client.listPrompts()).prompts : [];
    return { tools: tools.tools, prompts, serverInfo: client.getServerVersion() };
  } finally {
    await client.close();
  }
}

async function scanWithCli(command: string[]): Promise<ScanResult> {
  const marker = newMarker();
  const run = await runCli(['scan', '--json', '--env', `${MARKER_VARIABLE}=${marker}`, '--', ...command], { timeoutMs: 120_000 });
  expect(run.code).toBe(EXIT_CODES.OK);
  const parsed = ScanResultSchema.safeParse(JSON.parse(run.stdout));
  expect(parsed.error).toBeUndefined();
  expect(await survivorsAfter(marker, 2_000)).toEqual([]);
  return parsed.data as ScanResult;
}

describe('real published servers through the CLI', () => {
  it('server-filesystem: 14 tools, every one with annotations', { timeout: 180_000 }, async () => {
    const result = await scanWithCli(['npx', 'mcp-server-filesystem', scratch]);
    const oracle = await listWithSdk('server-filesystem', [scratch]);
    expect(result.status).toBe('ok');
    expect(result.tools).toHaveLength(14);
    expect(result.tools.map((tool) => tool.name)).toEqual(oracle.tools.map((tool) => tool.name));
    expect(result.tools.every((tool) => tool.annotations !== undefined)).toBe(true);
    for (const tool of result.tools) {
      const expected = oracle.tools.find((candidate) => candidate.name === tool.name);
      expect(tool.annotations).toEqual(expected?.annotations);
      expect(tool.inputSchema).toEqual(expected?.inputSchema);
      expect(tool.description).toBe(expected?.description);
    }
    expect(result.tools.find((tool) => tool.name === 'read_text_file')?.annotations?.readOnlyHint).toBe(true);
    expect(result.serverInfo).toMatchObject({ name: oracle.serverInfo?.name, version: oracle.serverInfo?.version });
  });

  it('server-memory: every tool the SDK lists', { timeout: 180_000 }, async () => {
    const result = await scanWithCli(['npx', 'mcp-server-memory']);
    const oracle = await listWithSdk('server-memory', []);
    expect(result.status).toBe('ok');
    expect(result.tools.length).toBeGreaterThan(0);
    expect(result.tools.map((tool) => [tool.name, tool.annotations])).toEqual(oracle.tools.map((tool) => [tool.name, tool.annotations]));
  });

  it('server-everything: tools, prompts, resources and templates', { timeout: 180_000 }, async () => {
    const result = await scanWithCli(['npx', 'mcp-server-everything']);
    const oracle = await listWithSdk('server-everything', []);
    expect(result.status).toBe('ok');
    expect(result.tools.map((tool) => tool.name)).toEqual(oracle.tools.map((tool) => tool.name));
    expect(result.prompts.map((prompt) => prompt.name)).toEqual(oracle.prompts.map((prompt) => prompt.name));
    expect(result.prompts.length).toBeGreaterThan(0);
    expect(result.resources.length).toBeGreaterThan(0);
    expect(result.resourceTemplates.length).toBeGreaterThan(0);
    expect(result.serverInfo?.instructions?.length).toBeGreaterThan(0);
    // Offered only to clients that declare roots, sampling and elicitation (a capability-less client sees 13 tools).
    expect(result.tools.map((tool) => tool.name)).toEqual(
      expect.arrayContaining(['get-roots-list', 'trigger-sampling-request', 'trigger-elicitation-request']),
    );
    expect(result.clientCapabilities).toMatchObject({ roots: {}, sampling: {}, elicitation: {} });
  });
});
