import { z } from 'zod';
import { TimestampSchema } from './common.ts';

const CountsSchema = z.record(z.string(), z.number().int().nonnegative());

/** `data/catalogue.json`: the numbers the site's home page shows, regenerated after every crawl, merge and reclassify. */
export const CatalogueSummarySchema = z.object({
  generatedAt: TimestampSchema.describe(
    'Newest scan time among the records (not the wall clock), so an unchanged catalogue regenerates byte for byte.',
  ),
  scannerVersion: z.string().describe('mcp-atlas version that wrote this summary.'),
  totals: z
    .object({
      servers: z.number().int().nonnegative().describe('Server records in data/servers/.'),
      okServers: z.number().int().nonnegative().describe('Records whose scan has status `ok`.'),
      tools: z.number().int().nonnegative().describe('Tools across all `ok` scans.'),
      prompts: z.number().int().nonnegative().describe('Prompts across all `ok` scans.'),
      resources: z.number().int().nonnegative().describe('Resources and resource templates across all `ok` scans.'),
      toolsWithFindings: z.number().int().nonnegative().describe('Tools carrying at least one finding.'),
      findings: z.number().int().nonnegative().describe('Findings across all tools.'),
      toolChanges: z.number().int().nonnegative().describe('Recorded tool changes across rescans.'),
      rugPulls: z.number().int().nonnegative().describe('Description changes without a version change.'),
      deprecated: z.number().int().nonnegative().describe('Servers the registry marks deprecated.'),
      needCredentials: z.number().int().nonnegative().describe('Servers whose record names required environment variables.'),
    })
    .describe('Totals.'),
  byStatus: CountsSchema.describe('Servers per scan status (every status listed, zeros included).'),
  byClass: CountsSchema.describe('Classified tools per class (read, write, destructive).'),
  byRisk: CountsSchema.describe('Classified tools per risk level.'),
  byTag: CountsSchema.describe('Classified tools per capability tag.'),
  byFinding: CountsSchema.describe('Findings per finding code.'),
  byRegistryType: CountsSchema.describe('Servers per way of starting them (npm, remote, pypi, oci, nuget, mcpb).'),
});
export type CatalogueSummary = z.infer<typeof CatalogueSummarySchema>;
