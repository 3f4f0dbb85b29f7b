import { z } from 'zod';
import { CapabilityTagSchema, FindingCodeSchema, RiskLevelSchema, ToolClassSchema } from './classification.ts';
import { CodedMessageSchema, TimestampSchema } from './common.ts';
import { ScanStatusSchema } from './scan-result.ts';

/** The MCP clients whose config files `mcp-atlas audit` reads; `custom` is a file given with `--config`. */
export const ClientIdSchema = z
  .enum(['claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf', 'codex', 'gemini-cli', 'custom'])
  .describe('Which MCP client a config file belongs to; `custom` is a file given with `--config`.');
export type ClientId = z.infer<typeof ClientIdSchema>;

/** How a configured server is reached. Only names of variables and headers: values never leave memory. */
export const ConfiguredTransportSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('stdio'),
      command: z.string().describe('Executable the client starts.'),
      args: z.array(z.string()).describe('Its arguments, as configured (variables not expanded).'),
      envNames: z.array(z.string()).describe('Names (never values) of the variables the config passes.'),
    }),
    z.object({
      type: z.enum(['streamable-http', 'sse', 'http']).describe('`http` when the config does not say which HTTP transport.'),
      url: z.string().describe('Endpoint URL, credentials and secret-looking query parameters removed.'),
      headerNames: z.array(z.string()).describe('Names (never values) of the headers the config sends.'),
    }),
  ])
  .describe('How the client reaches the server: a command (stdio) or a URL.');
export type ConfiguredTransport = z.infer<typeof ConfiguredTransportSchema>;

/** The npm package a stdio command runs, when it can be told from the command line. */
export const PackageRefSchema = z.object({
  name: z.string().describe('npm package name, e.g. `@modelcontextprotocol/server-memory`.'),
  version: z.string().optional().describe('Exact version: pinned in the command (`pkg@1.2.3`) or read from the installed package.json.'),
  via: z.enum(['npx', 'npm-exec', 'pnpm-dlx', 'bunx', 'yarn-dlx', 'installed']).describe('How it was recognised.'),
});
export type PackageRef = z.infer<typeof PackageRefSchema>;

/** How the audit learned a server's tools. */
export const AuditSourceSchema = z
  .enum(['catalogue', 'scan', 'none'])
  .describe(
    'catalogue: the package and version are in the mcp-atlas catalogue (nothing was run). scan: started or connected with --scan. ' +
      'none: no tool list this run (not scanned, or the scan failed); its pins in the lock file are kept.',
  );

/** One tool of one configured server, as the audit reports it. */
export const AuditToolSchema = z.object({
  name: z.string().describe('Tool name (untrusted).'),
  hash: z.string().describe('sha256 of the tool definition (see ScannedTool.hash).'),
  descriptionHash: z.string().describe('sha256 of the description alone, so a changed description is told from a changed schema.'),
  class: ToolClassSchema.optional().describe('Verdict class, when classified.'),
  risk: RiskLevelSchema.optional().describe('Verdict risk, when classified.'),
  tags: z.array(CapabilityTagSchema).describe('Capability tags of the verdict.'),
  findings: z
    .array(z.object({ code: FindingCodeSchema, severity: RiskLevelSchema }))
    .describe('Codes and severities of the tool findings (details: `mcp-atlas scan` or the catalogue page).'),
  roles: z.array(z.enum(['private-data', 'untrusted-content', 'exfiltration-sink'])).describe('Its roles in toxic flows (docs/audit.md).'),
});
export type AuditTool = z.infer<typeof AuditToolSchema>;

/** One server as configured in one client's file, and what the audit found out about it. */
export const AuditServerSchema = z.object({
  id: z.string().describe('Stable key: `<client>:<scope>:<configured name>`; the lock file uses it too.'),
  name: z.string().describe('The name the user gave the server in the config file (untrusted, from the file).'),
  client: ClientIdSchema,
  scope: z.string().describe('`user`, `project`, `managed`, or `project:<dir>` for Claude Code per-project entries.'),
  configPath: z.string().describe('The file the server was read from.'),
  disabled: z.boolean().describe('True when the config switches the server off (`disabled`, `enabled = false`).'),
  transport: ConfiguredTransportSchema,
  package: PackageRefSchema.optional().describe('The npm package the command runs, when recognisable.'),
  source: AuditSourceSchema,
  status: z
    .union([ScanStatusSchema, z.enum(['not_scanned', 'needs_input'])])
    .describe(
      'Scan status; `not_scanned` without --scan for servers the catalogue does not know; `needs_input` for unresolved `${input:…}`.',
    ),
  error: CodedMessageSchema.optional().describe('Why there is no tool list, when there is none.'),
  catalogueSlug: z.string().optional().describe('The catalogue entry that answered, when source is `catalogue`.'),
  version: z.string().optional().describe('Package version, else the server-reported version: a rug pull is a change at the same version.'),
  tools: z.array(AuditToolSchema).describe('Every tool, in server order.'),
});
export type AuditServer = z.infer<typeof AuditServerSchema>;

/** Stable codes of the findings on the stack as a whole. */
export const StackFindingCodeSchema = z
  .enum(['lethal-trifecta', 'cross-server-shadowing', 'cross-server-reference', 'duplicate-tool-name', 'tools-changed', 'rug-pull'])
  .describe(
    'lethal-trifecta: one agent reaches a tool that reads private data, one that ingests untrusted content and one that can send data out. ' +
      "cross-server-shadowing: a tool's text tries to change how another server's tools behave. " +
      "cross-server-reference: a tool's description names another server's tool. " +
      'duplicate-tool-name: two servers of one agent expose the same tool name. ' +
      'tools-changed: tools were added, removed or changed since the last audit. rug-pull: a description changed while the version stayed the same.',
  );
export type StackFindingCode = z.infer<typeof StackFindingCodeSchema>;

/** A tool named by a stack finding. */
export const ToolRefSchema = z.object({
  server: z.string().describe('Configured server name.'),
  serverId: z.string().describe('AuditServer.id.'),
  tool: z.string().describe('Tool name.'),
  role: z.string().optional().describe('What the tool does in the finding (e.g. `private-data`, `shadows`, `target`).'),
});
export type ToolRef = z.infer<typeof ToolRefSchema>;

/** A finding about the stack: several servers together, or one server over time. */
export const StackFindingSchema = z.object({
  code: StackFindingCodeSchema,
  severity: RiskLevelSchema,
  agent: z.string().describe('The agent context: a client (and project) whose model sees all these tools at once.'),
  message: z.string().describe('One readable sentence naming the tools.'),
  tools: z.array(ToolRefSchema).describe('The tools involved, the ones the message names first.'),
});
export type StackFinding = z.infer<typeof StackFindingSchema>;

/** One change to a server's tools since the last audit (from the lock file). */
export const AuditChangeSchema = z.object({
  serverId: z.string().describe('AuditServer.id.'),
  server: z.string().describe('Configured server name.'),
  tool: z.string().describe('Tool name.'),
  kind: z
    .enum(['added', 'removed', 'description_changed', 'definition_changed'])
    .describe('definition_changed: schema, title or annotations.'),
  fromVersion: z.string().optional().describe('Version pinned in the lock file.'),
  toVersion: z.string().optional().describe('Version now.'),
  rugPull: z.boolean().describe('A description change while the version stayed the same.'),
});
export type AuditChange = z.infer<typeof AuditChangeSchema>;

/** A config file the audit looked at. */
export const ConfigFileReportSchema = z.object({
  client: ClientIdSchema,
  path: z.string().describe('Absolute path.'),
  status: z.enum(['read', 'missing', 'error']).describe('read: parsed; missing: not there (normal); error: unreadable or not parseable.'),
  servers: z.number().int().nonnegative().describe('Servers read from it.'),
  error: z
    .object({ message: z.string(), line: z.number().int().positive().optional(), column: z.number().int().positive().optional() })
    .optional()
    .describe('What went wrong, with the 1-based position when the parser gives one.'),
  notes: z.array(z.string()).describe('Entries skipped and why (not an object, neither command nor URL, too many).'),
});
export type ConfigFileReport = z.infer<typeof ConfigFileReportSchema>;

/** `mcp-atlas audit --json`: every configured server, the stack findings and the changes since the last run. */
export const AuditReportSchema = z.object({
  auditedAt: TimestampSchema,
  scannerVersion: z.string(),
  files: z.array(ConfigFileReportSchema).describe('Every file looked at, found or not.'),
  servers: z.array(AuditServerSchema).describe('Every configured server, under its configured name.'),
  findings: z.array(StackFindingSchema).describe('Cross-server findings and changes, most severe first.'),
  changes: z.array(AuditChangeSchema).describe('Tool changes since the lock file was written.'),
  lock: z
    .object({ path: z.string(), existed: z.boolean(), written: z.boolean() })
    .optional()
    .describe('The lock file compared against, and whether this run rewrote it.'),
});
export type AuditReport = z.infer<typeof AuditReportSchema>;

/** The pins of one server in `mcp-atlas.lock.json`. */
export const LockedServerSchema = z.object({
  name: z.string().describe('Configured name.'),
  client: ClientIdSchema,
  target: z.string().describe('What runs: `npm:<package>@<version>`, the command line, or the redacted URL (never a secret).'),
  version: z.string().optional().describe('Version when pinned.'),
  tools: z
    .record(z.string(), z.object({ hash: z.string(), descriptionHash: z.string() }))
    .describe('Tool name -> hashes of its definition and of its description.'),
});
export type LockedServer = z.infer<typeof LockedServerSchema>;

/** `mcp-atlas.lock.json`: per configured server, the hashes of its tools at the last accepted audit. */
export const AuditLockSchema = z.object({
  lockfileVersion: z.literal(1),
  updatedAt: TimestampSchema,
  servers: z.record(z.string(), LockedServerSchema).describe('AuditServer.id -> pins, sorted by id.'),
});
export type AuditLock = z.infer<typeof AuditLockSchema>;

/** One tool in the catalogue index: enough for an offline verdict, a policy deny list and the stack analysis. */
export const IndexedToolSchema = z.object({
  name: z.string(),
  hash: z.string(),
  descriptionHash: z.string(),
  class: ToolClassSchema,
  risk: RiskLevelSchema,
  tags: z.array(CapabilityTagSchema),
  findings: z.array(z.object({ code: FindingCodeSchema, severity: RiskLevelSchema })),
  mentions: z.array(z.string()).describe('Tool-like identifiers its description names that are not its own server’s tools (capped).'),
});
export type IndexedTool = z.infer<typeof IndexedToolSchema>;

/** `catalogue-index.json`: the compact catalogue the audit answers known npm servers from. */
export const CatalogueIndexSchema = z.object({
  indexVersion: z.literal(1),
  generatedAt: TimestampSchema.describe('Newest scan time among the records, so an unchanged catalogue gives the same bytes.'),
  packages: z
    .record(
      z.string(),
      z.object({
        slug: z.string().describe('data/servers/<slug>.json'),
        serverVersion: z.string().optional().describe('Server-reported version.'),
        tools: z.array(IndexedToolSchema),
      }),
    )
    .describe('`<npm package>@<version>` -> the scanned tools; only records whose scan listed tools.'),
});
export type CatalogueIndex = z.infer<typeof CatalogueIndexSchema>;
