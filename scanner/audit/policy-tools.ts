/**
 * The tools a stack policy or SARIF report is built from, per server: the scan's full definitions, else the catalogue
 * record's, else stand-ins made from the catalogue index (verdict and finding codes, no schema, so no argument rules).
 */
import type { IndexedTool } from '../../data/schema/audit.ts';
import type { ScannedTool } from '../../data/schema/index.ts';

const STAND_IN_SCHEMA = { type: 'object' };

/** A ScannedTool carrying an index entry's verdict; its reasons say where the verdict came from. */
export function standInTool(tool: IndexedTool): ScannedTool {
  return {
    name: tool.name,
    inputSchema: STAND_IN_SCHEMA,
    hash: tool.hash,
    classification: {
      class: tool.class,
      risk: tool.risk,
      tags: tool.tags,
      reasons: ['verdict from the mcp-atlas catalogue'],
      declared: {
        explicit: false,
        readOnlyHint: false,
        destructiveHint: true,
        idempotentHint: false,
        openWorldHint: true,
        class: 'destructive',
      },
      confidence: 1,
    },
    findings: tool.findings.map((finding) => ({
      code: finding.code,
      severity: finding.severity,
      message: `The catalogue records a ${finding.code} finding on this tool.`,
      evidence: '(see the catalogue page)',
    })),
  };
}
