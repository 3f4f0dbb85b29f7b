/** Reading the author's tool annotations with the MCP spec's defaults (absent = worst case). */
import type { DeclaredAnnotations, ToolClass } from '../../data/schema/index.ts';

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/** The declared hints, defaulted as the spec says: readOnly false, destructive true, idempotent false, openWorld true. */
export function readDeclared(annotations: Record<string, unknown> | undefined): DeclaredAnnotations {
  const a = annotations ?? {};
  const flag = (key: (typeof HINTS)[number], fallback: boolean): boolean => (typeof a[key] === 'boolean' ? (a[key] as boolean) : fallback);
  const readOnlyHint = flag('readOnlyHint', false);
  const destructiveHint = flag('destructiveHint', true);
  const cls: ToolClass = readOnlyHint ? 'read' : destructiveHint ? 'destructive' : 'write';
  return {
    explicit: HINTS.some((key) => typeof a[key] === 'boolean'),
    readOnlyHint,
    destructiveHint,
    idempotentHint: flag('idempotentHint', false),
    openWorldHint: flag('openWorldHint', true),
    class: cls,
  };
}

/** Whether the declared class was stated outright rather than reached through a default. */
export function declaredOutright(annotations: Record<string, unknown> | undefined, declared: DeclaredAnnotations): boolean {
  const a = annotations ?? {};
  if (declared.class === 'read') return a.readOnlyHint === true;
  if (declared.class === 'write') return a.destructiveHint === false;
  return a.destructiveHint === true;
}

/** Rank of a class by danger: read < write < destructive. */
export function classRank(cls: ToolClass): number {
  return cls === 'read' ? 0 : cls === 'write' ? 1 : 2;
}
