import type { CapabilityTag, Classification, Finding, RiskLevel, ToolClass } from '../../../data/schema/classification.ts';
import type { ScannedTool } from '../../../data/schema/scan-result.ts';
import { hashTool } from '../../../scanner/scan/tool-hash.ts';

/** A ScannedTool with an explicit verdict, for table-driven tests. */
export function tool(
  name: string,
  verdict: { class: ToolClass; risk?: RiskLevel; tags?: CapabilityTag[] } | undefined,
  inputSchema: Record<string, unknown> = { type: 'object' },
  findings?: Finding[],
): ScannedTool {
  const classification: Classification | undefined =
    verdict === undefined
      ? undefined
      : {
          class: verdict.class,
          risk: verdict.risk ?? 'low',
          tags: [...(verdict.tags ?? [])].sort(),
          reasons: ['test verdict'],
          declared: {
            explicit: false,
            readOnlyHint: false,
            destructiveHint: true,
            idempotentHint: false,
            openWorldHint: true,
            class: 'destructive',
          },
          confidence: 1,
        };
  const base = { name, inputSchema };
  return { ...base, hash: hashTool(base), classification, ...(findings === undefined ? {} : { findings }) };
}
