import type { CapabilityTag, Classification, RiskLevel, ToolClass } from '../../../data/schema/classification.ts';
import type { ScannedTool, ScanResult } from '../../../data/schema/scan-result.ts';

type Verdict = [ToolClass, RiskLevel, CapabilityTag[]];

/**
 * Hand-checked verdicts for the tools of the real dev-dependency servers (read from their sources and tools/list),
 * so golden files do not move when the classifier is tuned. A tool missing here stays unclassified.
 */
export const REAL_TOOL_VERDICTS: Record<string, Verdict> = {
  // @modelcontextprotocol/server-filesystem
  read_file: ['read', 'low', ['filesystem']],
  read_text_file: ['read', 'low', ['filesystem']],
  read_media_file: ['read', 'low', ['filesystem']],
  read_multiple_files: ['read', 'low', ['bulk', 'filesystem']],
  list_directory: ['read', 'low', ['filesystem']],
  list_directory_with_sizes: ['read', 'low', ['filesystem']],
  directory_tree: ['read', 'low', ['filesystem']],
  search_files: ['read', 'low', ['filesystem']],
  get_file_info: ['read', 'low', ['filesystem']],
  list_allowed_directories: ['read', 'low', ['filesystem']],
  create_directory: ['write', 'medium', ['filesystem']],
  write_file: ['destructive', 'high', ['filesystem']],
  edit_file: ['destructive', 'high', ['filesystem']],
  move_file: ['destructive', 'high', ['filesystem']],
  // @modelcontextprotocol/server-memory
  create_entities: ['write', 'low', ['bulk']],
  create_relations: ['write', 'low', ['bulk']],
  add_observations: ['write', 'low', ['bulk']],
  delete_entities: ['destructive', 'medium', ['bulk']],
  delete_observations: ['destructive', 'medium', ['bulk']],
  delete_relations: ['destructive', 'medium', ['bulk']],
  read_graph: ['read', 'low', []],
  search_nodes: ['read', 'low', []],
  open_nodes: ['read', 'low', []],
  // @modelcontextprotocol/server-everything
  echo: ['read', 'low', []],
  'get-annotated-message': ['read', 'low', []],
  'get-env': ['read', 'critical', ['credentials']],
  'get-resource-links': ['read', 'low', []],
  'get-resource-reference': ['read', 'low', []],
  'get-structured-content': ['read', 'low', []],
  'get-sum': ['read', 'low', []],
  'get-tiny-image': ['read', 'low', []],
  'gzip-file-as-resource': ['write', 'medium', ['network']],
  'toggle-simulated-logging': ['write', 'low', []],
  'toggle-subscriber-updates': ['write', 'low', []],
  'trigger-long-running-operation': ['read', 'low', []],
  'simulate-research-query': ['write', 'low', []],
};

/** A Classification for a verdict (declared hints taken from the tool's annotations with the spec defaults). */
export function classification(tool: ScannedTool, [cls, risk, tags]: Verdict): Classification {
  const a = tool.annotations ?? {};
  const readOnlyHint = a.readOnlyHint ?? false;
  const destructiveHint = a.destructiveHint ?? true;
  return {
    class: cls,
    risk,
    tags: [...tags].sort(),
    reasons: ['hand-checked verdict for the policy tests'],
    declared: {
      explicit: ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'].some((k) => k in a),
      readOnlyHint,
      destructiveHint,
      idempotentHint: a.idempotentHint ?? false,
      openWorldHint: a.openWorldHint ?? true,
      class: readOnlyHint ? 'read' : destructiveHint ? 'destructive' : 'write',
    },
    confidence: 1,
  };
}

/**
 * The scan with every known tool classified from REAL_TOOL_VERDICTS and any other tool unclassified (whatever the
 * scan carried), so results depend on the hand verdicts alone.
 */
export function withHandVerdicts(scan: ScanResult): ScanResult {
  return {
    ...scan,
    tools: scan.tools.map(({ classification: _classification, findings: _findings, ...tool }) => {
      const verdict = Object.hasOwn(REAL_TOOL_VERDICTS, tool.name) ? REAL_TOOL_VERDICTS[tool.name] : undefined;
      return verdict === undefined ? tool : { ...tool, classification: classification(tool, verdict), findings: [] };
    }),
  };
}
