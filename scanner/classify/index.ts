/**
 * The classifier: read / write / destructive verdicts with risk, tags and reasons, and security findings.
 * Pure functions, no I/O; safe to reuse from the site.
 */
import type { ScanResult } from '../../data/schema/index.ts';
import { type ClassifyOptions, classifyTool, type ServerContext } from './classify-tool.ts';
import { findServerFindings } from './findings/find-server-findings.ts';
import { findToolFindings } from './findings/find-tool-findings.ts';

export { type ClassifyOptions, classifyTool, type ServerContext } from './classify-tool.ts';
export { findServerFindings, serverTextFields } from './findings/find-server-findings.ts';
export { findToolFindings } from './findings/find-tool-findings.ts';
export type { ToolInput } from './tool-input.ts';

/** The server context of a scan result: its reported name, instructions and tool names. */
export function serverContextOf(result: ScanResult): ServerContext {
  return {
    ...(result.serverInfo?.name === undefined ? {} : { serverName: result.serverInfo.title ?? result.serverInfo.name }),
    ...(result.serverInfo?.instructions === undefined ? {} : { serverDescription: result.serverInfo.instructions }),
    toolNames: result.tools.map((t) => t.name),
  };
}

/**
 * Returns a copy of `result` with `classification` and `findings` set on every tool and `serverFindings` on the
 * server's own text (the input is not modified).
 * Existing `rug-pull` findings are kept; all other findings are recomputed.
 */
export function classifyScanResult(result: ScanResult, options?: ClassifyOptions): ScanResult {
  const context = serverContextOf(result);
  const { serverFindings: _previous, ...rest } = result;
  const serverFindings = findServerFindings(result);
  return {
    ...rest,
    ...(serverFindings.length > 0 ? { serverFindings } : {}),
    tools: result.tools.map((tool) => {
      const classification = classifyTool(tool, context, options);
      // Rug-pull findings come from comparing scans over time (the crawl), not from the tool itself: keep them.
      const kept = (tool.findings ?? []).filter((f) => f.code === 'rug-pull');
      return { ...tool, classification, findings: [...findToolFindings(tool, context, classification), ...kept] };
    }),
  };
}
