/** What the starter policies do to labelled tools: the share of destructive tools gated, of reads and writes left callable. */
import { createHash } from 'node:crypto';
import type { Classification, ScannedTool, ToolClass } from '../../../data/schema/index.ts';
import { generatePolicy } from '../../../policies-gen/generate.ts';
import { findToolFindings } from '../findings/find-tool-findings.ts';
import { contextsOf, type LabelledTool } from './dataset.ts';

/** Shares of labelled tools, by their label, that the generated starter policies gate or leave callable. */
export interface PolicyShares {
  /** Destructive-labelled tools denied, hidden or sent for approval. */
  destructiveGated: number;
  /** Read-labelled tools allowed (within limits). */
  readCallable: number;
  /** Write-labelled tools allowed (within limits). */
  writeCallable: number;
  /** Tools with any poisoning finding of high or critical severity (which hides them). */
  poisoned: number;
  /** Tools with any finding at all. */
  withFindings: number;
}

/**
 * Generates each server's starter policy from the given verdicts and reads off what it does to every labelled tool.
 * With `annotations` false the policies never see the authors' hints (to match verdicts made without them).
 */
export function policyShares(tools: readonly LabelledTool[], verdicts: readonly Classification[], annotations = true): PolicyShares {
  const byServer = new Map<string, { tool: ScannedTool; label: ToolClass }[]>();
  let poisoned = 0;
  let withFindings = 0;
  const contexts = contextsOf(tools);
  tools.forEach((t, i) => {
    const findings = findToolFindings(t.tool, contexts.get(t.server), verdicts[i]);
    const real = findings.filter((f) => f.code !== 'annotation-mismatch');
    if (real.length > 0) withFindings++;
    if (real.some((f) => f.severity === 'high' || f.severity === 'critical')) poisoned++;
    const scanned = {
      name: t.tool.name,
      ...(t.tool.description === undefined ? {} : { description: t.tool.description }),
      inputSchema: (t.tool.inputSchema ?? {}) as ScannedTool['inputSchema'],
      ...(t.tool.annotations === undefined || !annotations ? {} : { annotations: t.tool.annotations as ScannedTool['annotations'] }),
      hash: `sha256:${createHash('sha256').update(`${t.server}\u0000${t.tool.name}\u0000${i}`).digest('hex')}`,
      classification: verdicts[i]!,
      findings,
    } satisfies ScannedTool;
    const list = byServer.get(t.server) ?? [];
    list.push({ tool: scanned, label: t.label });
    byServer.set(t.server, list);
  });
  const count = { destructive: [0, 0], read: [0, 0], write: [0, 0] } as Record<ToolClass, [number, number]>;
  for (const [server, list] of byServer) {
    const { rationale } = generatePolicy({ name: server, tools: list.map((x) => x.tool) });
    for (const { tool, label } of list) {
      const decision = rationale[tool.name]?.decision ?? 'deny';
      const gated = decision === 'deny' || decision === 'hide';
      count[label][0]++;
      if (label === 'destructive' ? gated : !gated) count[label][1]++;
    }
  }
  const share = (c: ToolClass): number => (count[c][0] === 0 ? 1 : count[c][1] / count[c][0]);
  return {
    destructiveGated: share('destructive'),
    readCallable: share('read'),
    writeCallable: share('write'),
    poisoned,
    withFindings,
  };
}
