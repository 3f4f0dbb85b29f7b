import { z } from 'zod';
import { SlugSchema, TimestampSchema } from './common.ts';
import { ScanResultSchema, ScanStatusSchema } from './scan-result.ts';
import { SourceEntrySchema } from './source.ts';

/** One change to a tool between two scans of the same server. */
export const ToolChangeSchema = z.object({
  at: TimestampSchema.describe('Scan time at which the change was seen.'),
  tool: z.string().describe('Tool name.'),
  kind: z
    .enum(['added', 'removed', 'description_changed', 'schema_changed', 'annotations_changed', 'title_changed', 'metadata_changed'])
    .describe('What changed.'),
  fromVersion: z.string().optional().describe('Package version before.'),
  toVersion: z.string().optional().describe('Package version after.'),
  before: z.string().optional().describe('Old value (description text, or a hash for schemas), capped.'),
  after: z.string().optional().describe('New value, capped.'),
  rugPull: z
    .boolean()
    .optional()
    .describe('True when a description changed after the tool was first scanned without a version change: what a rug pull looks like.'),
});
export type ToolChange = z.infer<typeof ToolChangeSchema>;

/** A failed attempt kept beside the last good scan (a failed rescan never overwrites a good one). */
export const FailedAttemptSchema = z.object({
  at: TimestampSchema,
  status: ScanStatusSchema,
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  version: z.string().optional().describe('Package version attempted.'),
});

/** `data/servers/<slug>.json`: everything the catalogue knows about one server. */
export const ServerRecordSchema = z.object({
  slug: SlugSchema.describe('File name and URL segment, derived from `source.name`.'),
  source: SourceEntrySchema.describe('The source entry the crawl used (server.json shape).'),
  sourceHash: z.string().describe('sha256 of the canonical source entry; a changed entry forces a rescan.'),
  registryStatus: z.enum(['active', 'deprecated']).optional().describe('Status in the MCP Registry, when it came from there.'),
  packageVersion: z.string().optional().describe('Installed package version that was scanned.'),
  scan: ScanResultSchema.describe('The latest good scan, or the latest attempt if none ever succeeded.'),
  lastGoodAt: TimestampSchema.optional().describe('When `scan` last succeeded.'),
  firstSeen: z.record(z.string(), TimestampSchema).optional().describe('Tool name -> when it was first scanned.'),
  changes: z.array(ToolChangeSchema).describe('Tool changes across rescans, oldest first.'),
  failedAttempts: z.array(FailedAttemptSchema).describe('Failed rescans recorded beside the good result, newest last (capped).'),
});
export type ServerRecord = z.infer<typeof ServerRecordSchema>;
