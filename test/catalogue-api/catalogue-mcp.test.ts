import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import YAML from 'yaml';
import { parsePolicy } from '../../policies-gen/index.ts';
import { FIXTURE_DATA, REPO } from '../site/fixture-site.ts';

type TextResult = { content: { type: string; text: string }[]; isError?: boolean };

/** A real SDK client talking to `mcp-atlas mcp` over stdio, as an agent's MCP client would. */
describe('mcp-atlas mcp with a real SDK client', () => {
  const client = new Client({ name: 'atlas-test', version: '1.0.0' });

  beforeAll(async () => {
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: ['scanner/bin/mcp-atlas.js', 'mcp', '--data', FIXTURE_DATA, '--site-url', 'https://atlas.example'],
        cwd: REPO,
        stderr: 'ignore',
      }),
    );
  });
  afterAll(() => client.close());

  const call = async (name: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name, arguments: args })) as TextResult;
    return { ...result, text: result.content[0]?.text ?? '' };
  };

  test('lists four tools, every one honestly read-only', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['get_policy', 'get_server', 'get_tool', 'search_tools']);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, openWorldHint: false });
      expect(tool.description?.length).toBeGreaterThan(20);
    }
  });

  test('looks up a server by package or registry name and a tool by name', async () => {
    const server = JSON.parse((await call('get_server', { server: 'io.github.acme/files' })).text);
    expect(server.entry.server.name).toBe('io.github.acme/files');
    expect(server.entry._meta['io.github.mcp-atlas/scan'].counts.tools).toBe(server.tools.length);
    const tool = JSON.parse((await call('get_tool', { server: 'io-github-acme-files', tool: 'delete_file' })).text);
    expect(tool).toMatchObject({ name: 'delete_file', class: 'destructive' });
    expect(tool.reasons.length).toBeGreaterThan(0);
    expect(tool.url).toMatch(/^https:\/\/atlas\.example\/servers\/io-github-acme-files\/tools\/delete-file-[a-z0-9]+\/$/);
    expect(parsePolicy(JSON.stringify(tool.policy), 'snippet').default).toBe('deny');
  });

  test('searches tools by risk, class and tag', async () => {
    const critical = JSON.parse((await call('search_tools', { risk: 'critical', tag: 'financial' })).text);
    expect(critical.tools.map((t: { name: string }) => t.name)).toEqual(['refund_charge']);
    const destructive = JSON.parse((await call('search_tools', { class: 'destructive', query: 'file' })).text);
    expect(destructive.tools.map((t: { name: string }) => t.name)).toContain('delete_file');
    for (const t of destructive.tools) expect(t.class).toBe('destructive');
    const high = JSON.parse((await call('search_tools', { minRisk: 'high', limit: 50 })).text);
    for (const t of high.tools) expect(['high', 'critical']).toContain(t.risk);
  });

  test('returns the starter policy in every export format', async () => {
    expect(parsePolicy((await call('get_policy', { server: 'com-example-payments' })).text, 'mcp').default).toBe('deny');
    expect(YAML.parse((await call('get_policy', { server: 'com-example-payments', format: 'intercept' })).text).version).toBe('1');
    expect(
      JSON.parse((await call('get_policy', { server: 'com-example-payments', format: 'claude' })).text).permissions.deny,
    ).toBeInstanceOf(Array);
    expect((await call('get_policy', { server: 'com-example-payments', format: 'codex' })).text).toContain(
      '[mcp_servers.com-example-payments]',
    );
  });

  test('an unknown server is a tool error, not a crash; bad arguments are refused', async () => {
    const missing = await call('get_server', { server: 'nope/nothing' });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain('No server');
    const bad = await call('search_tools', { risk: 'apocalyptic' });
    expect(bad.isError).toBe(true);
    expect(JSON.parse((await call('get_server', { server: 'hostile-server' })).text).entry.server.name).toMatch(/^com\.npmjs\//);
  });
});
