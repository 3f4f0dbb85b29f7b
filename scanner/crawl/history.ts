import { createHash } from 'node:crypto';
import type { ScannedTool, ToolChange } from '../../data/schema/index.ts';
import { canonicalJson } from './stable-json.ts';

const CAP = 2000;
const cap = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : text.length > CAP ? `${text.slice(0, CAP)}…` : text;
const schemaHash = (value: unknown): string =>
  `sha256:${createHash('sha256')
    .update(canonicalJson(value ?? null))
    .digest('hex')}`;

/** What is compared between two scans of the same server. */
export interface ToolDiffContext {
  /** Scan time of the newer scan. */
  at: string;
  /** Version scanned before (package version, else the server-reported one). */
  fromVersion?: string;
  /** Version scanned now. */
  toVersion?: string;
}

/**
 * The changes between two tool lists of one server, by tool name: added, removed, and for tools whose hash
 * changed, which part changed. A description that changed while the version stayed the same is flagged `rugPull`.
 * Sorted by tool name then kind, so the record diffs stably.
 */
export function diffTools(before: readonly ScannedTool[], after: readonly ScannedTool[], context: ToolDiffContext): ToolChange[] {
  const old = new Map(before.map((tool) => [tool.name, tool]));
  const now = new Map(after.map((tool) => [tool.name, tool]));
  const versions = {
    ...(context.fromVersion !== undefined ? { fromVersion: context.fromVersion } : {}),
    ...(context.toVersion !== undefined ? { toVersion: context.toVersion } : {}),
  };
  const changes: ToolChange[] = [];
  const push = (change: Omit<ToolChange, 'at' | 'fromVersion' | 'toVersion'>) => {
    const clean = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as typeof change;
    changes.push({ at: context.at, ...versions, ...clean });
  };
  for (const [name, tool] of now) {
    const previous = old.get(name);
    if (previous === undefined) {
      push({ tool: name, kind: 'added' });
      continue;
    }
    if (previous.hash === tool.hash) continue;
    if ((previous.description ?? '') !== (tool.description ?? '')) {
      push({
        tool: name,
        kind: 'description_changed',
        before: cap(previous.description),
        after: cap(tool.description),
        rugPull: context.fromVersion === context.toVersion,
      });
    }
    if ((previous.title ?? '') !== (tool.title ?? ''))
      push({ tool: name, kind: 'title_changed', before: cap(previous.title), after: cap(tool.title) });
    if (canonicalJson(previous.annotations ?? {}) !== canonicalJson(tool.annotations ?? {})) {
      push({
        tool: name,
        kind: 'annotations_changed',
        before: cap(canonicalJson(previous.annotations ?? {})),
        after: cap(canonicalJson(tool.annotations ?? {})),
      });
    }
    const oldSchemas = { inputSchema: previous.inputSchema, outputSchema: previous.outputSchema };
    const newSchemas = { inputSchema: tool.inputSchema, outputSchema: tool.outputSchema };
    if (canonicalJson(oldSchemas) !== canonicalJson(newSchemas)) {
      push({ tool: name, kind: 'schema_changed', before: schemaHash(oldSchemas), after: schemaHash(newSchemas) });
    }
    const metadata = (tool: ScannedTool) => canonicalJson({ icons: tool.icons, execution: tool.execution, _meta: tool._meta });
    if (metadata(previous) !== metadata(tool))
      push({ tool: name, kind: 'metadata_changed', before: cap(metadata(previous)), after: cap(metadata(tool)) });
  }
  for (const name of old.keys()) if (!now.has(name)) push({ tool: name, kind: 'removed' });
  return changes.sort((a, b) => (a.tool === b.tool ? a.kind.localeCompare(b.kind) : a.tool < b.tool ? -1 : 1));
}
