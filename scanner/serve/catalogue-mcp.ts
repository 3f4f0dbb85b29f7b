import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findServer, findTool, registryEntry, safeJson, searchTools, toolSummary } from '../../catalogue-api/index.ts';
import { CapabilityTagSchema, RiskLevelSchema, type ServerRecord, ToolClassSchema } from '../../data/schema/index.ts';
import { exportPolicy, generatePolicy, POLICY_FORMATS, type PolicyFormat, toolPolicySnippet } from '../../policies-gen/index.ts';
import { SCANNER_VERSION } from '../version.ts';

/** Every tool of this server only reads the catalogue it was started with: honest annotations say so. */
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
const FORMATS = POLICY_FORMATS.map((f) => f.format) as [PolicyFormat, ...PolicyFormat[]];

function json(value: unknown) {
  // Catalogue text is untrusted server text: it travels as JSON string values, never as instructions of ours.
  return { content: [{ type: 'text' as const, text: safeJson(value, 2) }] };
}

function notFound(text: string) {
  return { isError: true, content: [{ type: 'text' as const, text }] };
}

/**
 * `mcp-atlas mcp`: an MCP server over the catalogue for agents. Tools: `get_server` (a server's registry entry, scan
 * receipt and tools), `get_tool` (one tool's verdict, reasons, findings and policy rule), `search_tools` (by words,
 * class, risk, minimum risk, tag, server) and `get_policy` (a server's starter policy in any export format). All are
 * read-only over the records it was given. `siteUrl` makes the links absolute.
 */
export function catalogueMcpServer(records: readonly ServerRecord[], siteUrl = ''): McpServer {
  const server = new McpServer({ name: 'mcp-atlas', version: SCANNER_VERSION }, { capabilities: { tools: {} } });
  const missingServer = (key: string) => notFound(`No server ${JSON.stringify(key.slice(0, 200))} in the catalogue (try search_tools).`);

  server.registerTool(
    'get_server',
    {
      title: 'Look up an MCP server',
      description:
        'Look up an MCP server in the mcp-atlas catalogue by slug, package name or registry name: its registry entry with the security-scan receipt, and every tool with its class (read/write/destructive) and risk.',
      inputSchema: {
        server: z.string().min(1).max(300).describe('Slug, package name or registry name, e.g. `@modelcontextprotocol/server-memory`.'),
      },
      annotations: { title: 'Look up an MCP server', ...READ_ONLY },
    },
    async ({ server: key }) => {
      const record = findServer(records, key);
      if (record === undefined) return missingServer(key);
      const tools = record.scan.tools.map((tool) => toolSummary(findTool(record, tool.name)!, siteUrl));
      return json({ entry: registryEntry(record, { siteUrl }), tools });
    },
  );

  server.registerTool(
    'get_tool',
    {
      title: 'Look up one tool of an MCP server',
      description:
        "One tool's verdict: class, risk, capability tags, the reasons behind them, findings, declared annotations and the starter-policy rule for it.",
      inputSchema: {
        server: z.string().min(1).max(300).describe('Slug, package name or registry name of the server.'),
        tool: z.string().min(1).max(500).describe('Tool name as the server lists it (or its page slug).'),
      },
      annotations: { title: 'Look up one tool', ...READ_ONLY },
    },
    async ({ server: key, tool: name }) => {
      const record = findServer(records, key);
      if (record === undefined) return missingServer(key);
      const found = findTool(record, name);
      if (found === undefined) return notFound(`Server ${record.slug} has no tool ${JSON.stringify(name.slice(0, 200))}.`);
      const policy = toolPolicySnippet(generatePolicy({ name: record.source.name, tools: record.scan.tools }), found.tool.name);
      const c = found.tool.classification;
      return json({
        ...toolSummary(found, siteUrl),
        reasons: c?.reasons.slice(0, 20) ?? [],
        confidence: c?.confidence,
        mismatch: c?.mismatch,
        declared: found.tool.annotations ?? {},
        findings: (found.tool.findings ?? []).slice(0, 50),
        policy,
      });
    },
  );

  server.registerTool(
    'search_tools',
    {
      title: 'Search tools by risk, class and tag',
      description:
        'Search the tools of every catalogued MCP server, riskiest first. Filter by words in the name or description, class, exact risk, minimum risk, capability tag or server.',
      inputSchema: {
        query: z.string().max(200).optional().describe('Words that must all appear in the name, title or description.'),
        class: ToolClassSchema.optional(),
        risk: RiskLevelSchema.optional().describe('Exactly this risk level.'),
        minRisk: RiskLevelSchema.optional().describe('At least this risk level.'),
        tag: CapabilityTagSchema.optional(),
        server: z.string().max(300).optional().describe('Only tools of this server (slug, package name or registry name).'),
        limit: z.number().int().min(1).max(200).optional().describe('At most this many results (default 20).'),
      },
      annotations: { title: 'Search tools', ...READ_ONLY },
    },
    async (filters) => {
      const { total, tools } = searchTools(records, filters);
      return json({ total, tools: tools.map((found) => toolSummary(found, siteUrl)) });
    },
  );

  server.registerTool(
    'get_policy',
    {
      title: "Get a server's starter policy",
      description:
        'The starter policy of a catalogued MCP server (default deny; reads and writes rate-limited; destructive tools denied; poisoned tools hidden) in one export format: policylayer (JSON), intercept (YAML), claude (Claude Code deny list) or codex (TOML).',
      inputSchema: {
        server: z.string().min(1).max(300).describe('Slug, package name or registry name of the server.'),
        format: z.enum(FORMATS).default('policylayer').describe('Export format.'),
      },
      annotations: { title: 'Get a starter policy', ...READ_ONLY },
    },
    async ({ server: key, format }) => {
      const record = findServer(records, key);
      if (record === undefined) return missingServer(key);
      const policy = generatePolicy({ name: record.source.name, tools: record.scan.tools });
      return { content: [{ type: 'text' as const, text: exportPolicy(policy, format, { serverKey: record.slug }) }] };
    },
  );
  return server;
}
