import { z } from 'zod';
import { CapabilityTagSchema, FindingCodeSchema, RiskLevelSchema, ToolClassSchema } from './classification.ts';
import { TimestampSchema } from './common.ts';
import { ScanStatusSchema } from './scan-result.ts';

/** The `_meta` key under which mcp-atlas puts its scan receipt in registry entries (reverse-DNS, as the registry asks). */
export const SCAN_RECEIPT_KEY = 'io.github.mcp-atlas/scan';

const CountsSchema = z.record(z.string(), z.number().int().nonnegative());

/**
 * The security-scan receipt attached to each entry of the catalogue's registry API (`/v0.1/servers…`), under
 * `_meta["io.github.mcp-atlas/scan"]`: what was scanned, when, by which scanner, what it found and where the starter
 * policies are. Every string that came from the server is capped; hashes let a client check that the tools it sees are
 * the tools that were scanned.
 */
export const ScanReceiptSchema = z.object({
  scannerVersion: z.string().describe('mcp-atlas version that produced the scan.'),
  scannedAt: TimestampSchema.describe('When the scan started.'),
  status: ScanStatusSchema.describe('Outcome of the scan (`ok`, `timeout`, `auth_required`, …).'),
  sourceName: z.string().describe('The catalogue name of the server before it was mapped to a registry name (capped).'),
  slug: z.string().describe('The catalogue slug (file name and URL segment on the site).'),
  package: z
    .object({
      registryType: z.string().describe('npm, pypi, oci, nuget or mcpb.'),
      identifier: z.string().describe('Package name (capped).'),
      version: z.string().optional().describe('Version that was installed and scanned (capped).'),
    })
    .optional()
    .describe('The package that was scanned, when the server was started from one.'),
  remote: z.object({ type: z.string(), url: z.string() }).optional().describe('The remote endpoint that was scanned, for remote servers.'),
  serverInfo: z
    .object({ name: z.string(), version: z.string() })
    .optional()
    .describe('What the server said about itself in `initialize` (untrusted, capped).'),
  protocolVersion: z.string().optional().describe('MCP protocol version agreed in `initialize`.'),
  counts: z
    .object({
      tools: z.number().int().nonnegative(),
      prompts: z.number().int().nonnegative(),
      resources: z.number().int().nonnegative().describe('Resources plus resource templates.'),
      findings: z.number().int().nonnegative(),
      byClass: CountsSchema.describe('Tools per class (read, write, destructive).'),
      byRisk: CountsSchema.describe('Tools per risk level.'),
    })
    .describe('Totals of the scan.'),
  tools: z
    .array(
      z.object({
        name: z.string().describe('Tool name (untrusted, capped).'),
        hash: z.string().describe('sha256 of the tool as listed (see ScannedTool.hash).'),
        class: ToolClassSchema.optional(),
        risk: RiskLevelSchema.optional(),
        tags: z.array(CapabilityTagSchema),
      }),
    )
    .describe('Every tool listed, with its hash and verdict (capped at 1,000 tools; `counts.tools` is the real total).'),
  findings: z
    .array(z.object({ tool: z.string().describe('Tool name (capped).'), code: FindingCodeSchema, severity: RiskLevelSchema }))
    .describe('Security findings on the tools (capped at 200).'),
  page: z.string().describe('URL of the server page on the catalogue site.'),
  policies: z.record(z.string(), z.string()).describe('Starter policy URL per export format (policylayer, intercept, claude, codex).'),
  updatedAt: TimestampSchema.describe('When this entry last changed: the scan time (what `updated_since` filters on).'),
  isLatest: z.literal(true).describe('The catalogue keeps one version per server, the one scanned last.'),
});
/** A scan receipt (see {@link ScanReceiptSchema}). */
export type ScanReceipt = z.infer<typeof ScanReceiptSchema>;
