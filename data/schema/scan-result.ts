import { z } from 'zod';
import { ClassificationSchema, FindingSchema } from './classification.ts';
import { CodedMessageSchema, JsonObjectSchema, TimestampSchema } from './common.ts';

/** Outcome of one scan. Every failure mode is a status, never an exception. */
export const ScanStatusSchema = z
  .enum([
    'ok',
    'timeout',
    'spawn_failed',
    'init_failed',
    'protocol_error',
    'auth_required',
    'connection_refused',
    'http_error',
    'not_mcp',
    'crashed',
    'install_failed',
    'unsupported_runtime',
    'resource_limit',
    'needs_network',
    'needs_service',
    'broken',
  ])
  .describe(
    [
      'ok: connected and listed everything (warnings may still say what was salvaged).',
      'timeout: a connect, request or whole-scan time limit was hit.',
      'spawn_failed: the command could not be started, or exited before answering `initialize`.',
      'init_failed: the server answered `initialize` with an error or an unusable reply.',
      'protocol_error: the server broke JSON-RPC/MCP after initialising.',
      'auth_required: HTTP 401/403, or the server said it needs credentials.',
      'connection_refused: nothing listens at the URL (ECONNREFUSED, DNS failure).',
      'http_error: the HTTP endpoint answered with another error status (404, 500, …).',
      'not_mcp: the endpoint answered, but not as an MCP server (HTML page, plain JSON API).',
      'crashed: the server process exited or the connection closed mid-scan.',
      'install_failed: the package could not be installed (crawl), or an `npx` package npm does not have (scan).',
      'unsupported_runtime: (crawl) the package needs a runtime this machine does not have (PyPI, OCI, NuGet, mcpb).',
      'resource_limit: the server went over its memory ceiling and its sandbox was killed.',
      'needs_network: the server calls the network before it lists its tools (scans run offline in the sandbox).',
      'needs_service: the server needs a local service (a database, a desktop app, a browser extension) that is not running.',
      'broken: the package cannot work anywhere as published (a missing dependency, an undeclared import, a wrong answer to `initialize`); the error says which.',
    ].join(' '),
  );
export type ScanStatus = z.infer<typeof ScanStatusSchema>;

/** What isolated a stdio server from the machine it ran on. */
export const SandboxInfoSchema = z
  .object({
    kind: z
      .enum(['bwrap', 'none'])
      .describe(
        "`bwrap`: bubblewrap namespaces and a read-only allow-list of the filesystem; `none`: run with the user's rights (`--no-sandbox`).",
      ),
    network: z
      .enum(['loopback', 'host'])
      .describe("`loopback`: a network namespace of its own with only loopback; `host`: the host's network (`--network`, or no sandbox)."),
    memoryLimitBytes: z.number().int().positive().optional().describe("Memory ceiling for all the server's processes together, in bytes."),
    memoryEnforcement: z
      .enum(['cgroup-v1', 'cgroup-v2', 'rss'])
      .optional()
      .describe('How the ceiling was enforced: a memory cgroup made for the server, or sampling the RSS of its processes every 100 ms.'),
  })
  .describe('The sandbox a stdio server ran in (absent in records made before sandboxing existed).');
export type SandboxInfo = z.infer<typeof SandboxInfoSchema>;

/** How the scanner reached the server. Secrets never appear here: only variable and header names. */
export const TransportInfoSchema = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('stdio'),
      command: z.string().describe('Executable that was started.'),
      args: z.array(z.string()).describe('Its arguments.'),
      envNames: z.array(z.string()).describe('Names (never values) of the environment variables passed explicitly.'),
      sandbox: SandboxInfoSchema.optional().describe('What isolated the server (kind, network, memory ceiling).'),
    }),
    z.object({
      type: z.enum(['streamable-http', 'sse']).describe('The HTTP transport that actually worked (or was last tried).'),
      url: z.string().describe('Endpoint URL, with any credentials in it removed.'),
      headerNames: z.array(z.string()).describe('Names (never values) of the extra HTTP headers sent.'),
    }),
  ])
  .describe('How the scanner reached the server: a started command (stdio) or a URL (Streamable HTTP or legacy SSE).');
export type TransportInfo = z.infer<typeof TransportInfoSchema>;

/** The `serverInfo` the server reported in its `initialize` reply. Untrusted text. */
/** An icon a server declares for itself, a tool, prompt or resource (MCP 2025-11-25). Kept, never fetched or shown. */
export const IconSchema = z.object({
  src: z.string().describe('URL or data: URI of the image, as declared (untrusted: mcp-atlas never loads it).'),
  mimeType: z.string().optional().describe('Declared MIME type.'),
  sizes: z.array(z.string()).optional().describe('Declared sizes, such as "48x48" or "any".'),
  theme: z.enum(['light', 'dark']).optional().describe('The background the icon is made for.'),
});
export type Icon = z.infer<typeof IconSchema>;

const IconsSchema = z.array(IconSchema).describe('Icons as declared (at most 16 kept, each `src` capped).');
const MetaSchema = JsonObjectSchema.describe('`_meta` as declared (bounded copy; checked for poisoning like every other text).');

export const ServerInfoSchema = z.object({
  name: z.string().describe('Server-reported name (untrusted).'),
  version: z.string().describe('Server-reported version (untrusted).'),
  title: z.string().optional().describe('Server-reported display title, if any.'),
  instructions: z.string().optional().describe('The `instructions` string from `initialize`, if any (capped).'),
  websiteUrl: z.string().optional().describe('Server-reported website, if any (never linked unless http(s)).'),
  description: z.string().optional().describe('Server-reported description of itself, if any (capped).'),
  icons: IconsSchema.optional(),
});
export type ServerInfo = z.infer<typeof ServerInfoSchema>;

/** Tool annotations as defined by the MCP spec (2025-03-26 and later). Hints only. */
export const ToolAnnotationsSchema = z
  .object({
    title: z.string().optional().describe('Display title.'),
    readOnlyHint: z.boolean().optional().describe('Tool does not modify its environment (spec default false).'),
    destructiveHint: z
      .boolean()
      .optional()
      .describe('Tool may perform destructive updates; meaningful only when not read-only (spec default true).'),
    idempotentHint: z.boolean().optional().describe('Repeated calls with the same arguments have no extra effect (spec default false).'),
    openWorldHint: z.boolean().optional().describe('Tool interacts with an open world of external entities (spec default true).'),
  })
  .catchall(z.unknown())
  .describe('Annotations exactly as declared by the author; absent fields were not declared.');
export type ToolAnnotations = z.infer<typeof ToolAnnotationsSchema>;

/** How a tool takes part in tasks (MCP 2025-11-25 `execution`). */
export const ToolExecutionSchema = z
  .object({
    taskSupport: z
      .enum(['forbidden', 'optional', 'required'])
      .optional()
      .describe('Whether the tool can run as a task: forbidden (the spec default), optional or required.'),
  })
  .catchall(z.unknown())
  .describe('`execution` as declared; keys the spec does not define are kept, bounded.');
export type ToolExecution = z.infer<typeof ToolExecutionSchema>;

/** Annotations of a resource, template or content item (MCP spec `Annotations`). */
export const ResourceAnnotationsSchema = z
  .object({
    audience: z
      .array(z.enum(['user', 'assistant']))
      .optional()
      .describe('Who the content is meant for.'),
    priority: z.number().min(0).max(1).optional().describe('Importance from 0 (optional) to 1 (required).'),
    lastModified: z.string().optional().describe('ISO 8601 time of the last change, as declared.'),
  })
  .catchall(z.unknown())
  .describe('Annotations as declared; keys the spec does not define are kept, bounded.');

/** One tool as listed by `tools/list`, plus our classification and findings. */
export const ScannedToolSchema = z.object({
  name: z.string().describe('Tool name as the server declared it (untrusted; may contain any characters).'),
  title: z.string().optional().describe('Top-level `title`, if declared.'),
  description: z.string().optional().describe('Description as declared (capped; see warnings).'),
  inputSchema: JsonObjectSchema.describe('JSON Schema of the arguments, as declared.'),
  outputSchema: JsonObjectSchema.optional().describe('JSON Schema of structured output, if declared.'),
  annotations: ToolAnnotationsSchema.optional().describe('Author-declared annotations, if any.'),
  icons: IconsSchema.optional(),
  execution: ToolExecutionSchema.optional(),
  _meta: MetaSchema.optional(),
  hash: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .describe(
      'sha256 of the canonical JSON (sorted keys, absent fields left out) of name, title, description, inputSchema, outputSchema, annotations, icons, execution and _meta.',
    ),
  classification: ClassificationSchema.optional().describe('Our verdict for this tool (added by the classifier).'),
  findings: z.array(FindingSchema).optional().describe('Security findings on this tool (added by the classifier).'),
});
export type ScannedTool = z.infer<typeof ScannedToolSchema>;

export const PromptSchema = z.object({
  name: z.string().describe('Prompt name (untrusted).'),
  title: z.string().optional().describe('Display title, if declared.'),
  description: z.string().optional().describe('Description, if declared (capped).'),
  arguments: z
    .array(
      z.object({
        name: z.string(),
        description: z.string().optional(),
        required: z.boolean().optional(),
      }),
    )
    .optional()
    .describe('Declared arguments.'),
  icons: IconsSchema.optional(),
  _meta: MetaSchema.optional(),
});
export type Prompt = z.infer<typeof PromptSchema>;

export const ResourceSchema = z.object({
  uri: z.string().describe('Resource URI (untrusted).'),
  name: z.string().describe('Resource name.'),
  title: z.string().optional().describe('Display title, if declared.'),
  description: z.string().optional().describe('Description, if declared (capped).'),
  mimeType: z.string().optional().describe('Declared MIME type.'),
  size: z.number().int().nonnegative().optional().describe('Declared size of the raw content in bytes, if known.'),
  annotations: ResourceAnnotationsSchema.optional(),
  icons: IconsSchema.optional(),
  _meta: MetaSchema.optional(),
});
export type Resource = z.infer<typeof ResourceSchema>;

export const ResourceTemplateSchema = z.object({
  uriTemplate: z.string().describe('RFC 6570 URI template (untrusted).'),
  name: z.string().describe('Template name.'),
  title: z.string().optional().describe('Display title, if declared.'),
  description: z.string().optional().describe('Description, if declared (capped).'),
  mimeType: z.string().optional().describe('Declared MIME type.'),
  annotations: ResourceAnnotationsSchema.optional(),
  icons: IconsSchema.optional(),
  _meta: MetaSchema.optional(),
});
export type ResourceTemplate = z.infer<typeof ResourceTemplateSchema>;

/** The result of scanning one server: what it exposes, or why we could not tell. */
export const ScanResultSchema = z.object({
  status: ScanStatusSchema,
  error: CodedMessageSchema.optional().describe('Present when status is not `ok`: a code and one readable sentence.'),
  warnings: z
    .array(CodedMessageSchema)
    .describe('What was salvaged, capped or dropped and why (e.g. `TOOL_DROPPED`, `PAGINATION_LOOP`, `TOOLS_CAP_HIT`).'),
  transport: TransportInfoSchema,
  protocolVersion: z.string().optional().describe('Protocol version agreed in `initialize`.'),
  serverInfo: ServerInfoSchema.optional().describe('What the server said about itself, when it got that far.'),
  capabilities: JsonObjectSchema.optional().describe('Server capabilities from `initialize`.'),
  clientCapabilities: JsonObjectSchema.optional().describe(
    'What the scanner declared in `initialize` (roots, sampling, elicitation, tasks): servers offer some tools only to clients that can serve these. The scanner answers every such request without doing anything (no roots, sampling refused, elicitation declined).',
  ),
  tools: z.array(ScannedToolSchema).describe('Every tool listed (following pagination), in server order.'),
  prompts: z.array(PromptSchema).describe('Every prompt listed.'),
  resources: z.array(ResourceSchema).describe('Every resource listed.'),
  resourceTemplates: z.array(ResourceTemplateSchema).describe('Every resource template listed.'),
  serverFindings: z
    .array(FindingSchema)
    .optional()
    .describe(
      'Security findings on what the server says outside its tools (added by the classifier): `instructions`, `serverInfo`, prompts, resources and templates; `field` says where, e.g. `prompts[0].arguments[1].description`.',
    ),
  requiredEnv: z
    .array(z.string())
    .optional()
    .describe('Environment variables the server needs (from the source entry or its error text), e.g. `API_KEY`.'),
  credentials: z
    .literal('placeholder')
    .optional()
    .describe(
      'Set when the server listed its tools only after the crawler gave made-up values to the credentials it names ' +
        '(environment variables, flags such as `--token`, stub credential files): nothing left the machine and no ' +
        'real account was used, so the tools are what the server offers before it checks the credential.',
    ),
  placeholders: z
    .array(z.string())
    .optional()
    .describe('What got a placeholder value, by name: `ENV_NAME`, `--flag`, or `file:<name>` for a stub file in the scratch HOME.'),
  stderrTail: z.string().optional().describe('Last part of the server stderr (bounded), for diagnosing failures.'),
  scannedAt: TimestampSchema.describe('When the scan started.'),
  durationMs: z.number().int().nonnegative().describe('Wall time of the scan in milliseconds.'),
  scannerVersion: z.string().describe('mcp-atlas version that produced this result.'),
});
export type ScanResult = z.infer<typeof ScanResultSchema>;
