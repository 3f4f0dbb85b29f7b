import type { Classification, Finding } from '../data/schema/classification.ts';
import type { PolicyWindow } from '../data/schema/policy.ts';

/** Calls a minute per grant for read tools: generous, only there to stop retry loops. */
export const READ_LIMIT = { max: 60, window: 'minute' } as const satisfies { max: number; window: PolicyWindow };
/** Calls a minute per grant for write tools: the PolicyLayer catalogue's write limit. */
export const WRITE_LIMIT = { max: 30, window: 'minute' } as const satisfies { max: number; window: PolicyWindow };

/** Placeholder root of generated path rules; the user replaces it with the directory the agent may use. */
export const PATH_ROOT_PLACEHOLDER = '/ALLOWED_ROOT';

/**
 * Paths under the placeholder root, with no `..` segment (RE2-compatible: no lookahead, so Intercept's Go engine
 * reads it the same way). Each segment is any run without `/` except `..`.
 */
export const PATH_UNDER_ROOT_PATTERN = `^${PATH_ROOT_PLACEHOLDER}(/([^/.][^/]*|\\.[^/.][^/]*|\\.\\.[^/]+|\\.)?)*$`;

/** A read-only query must start with SELECT (any case). */
export const SQL_SELECT_PATTERN = '^\\s*(?i:select)\\b';
/** At most one statement: a `;` may only end the text. */
export const SQL_SINGLE_STATEMENT_PATTERN = '^[^;]*;?\\s*$';

/** on_deny of a destructive tool. */
export const DESTRUCTIVE_MESSAGE =
  "Destructive tool: it needs a human's approval. Run it yourself, or remove this rule from the policy to allow it.";
/** on_deny of a tool whose author declares `destructiveHint: true` while the classifier calls it a write or read. */
export const DECLARED_DESTRUCTIVE_MESSAGE =
  "Its author declares it destructive (destructiveHint: true): it needs a human's approval. Run it yourself, or remove this rule to allow it.";
/** on_deny of a tool whose non-read verdict the classifier is unsure of. */
export const UNCERTAIN_MESSAGE =
  "mcp-atlas is unsure what this tool does (it may be destructive): it needs a human's approval. Review it, then edit this rule to allow it.";

/**
 * A write or destructive verdict below this confidence is gated rather than rate-limited: the classifier's confidence
 * is a calibrated probability (temperature-scaled on out-of-fold predictions). Chosen by grouped cross-validation on the
 * corpus (docs/risk-model.md): the highest threshold that still leaves at least 85% of write tools callable, so it gates
 * as many of the destructive tools the model calls writes as that allows.
 */
export const UNCERTAIN_CONFIDENCE = 0.7;

/** on_deny of a tool with no classification. */
export const UNCLASSIFIED_MESSAGE = 'Not classified by mcp-atlas yet: denied until someone reviews what it does.';

/** Findings severe enough to hide a tool: its own text is the attack. */
export function poisoningFindings(findings: readonly Finding[] | undefined): Finding[] {
  return (findings ?? []).filter((finding) => finding.severity === 'high' || finding.severity === 'critical');
}

/** Critical tools: rated critical by the classifier (code execution, money out, credential or permission change), or tagged exec or credentials. Reading credentials counts: the secret is then in the model's context. */
export function isCritical(classification: Classification): boolean {
  const tags = new Set(classification.tags);
  return classification.risk === 'critical' || tags.has('credentials') || (tags.has('exec') && classification.class !== 'read');
}

/** What makes a critical tool critical, in fixed words (never server text), e.g. `runs commands or code`. */
export function criticalWhat(classification: Classification): string {
  const tags = new Set(classification.tags);
  const critical = classification.risk === 'critical';
  const words = [
    tags.has('exec') ? 'runs commands or code' : undefined,
    critical && tags.has('financial') ? 'moves money' : undefined,
    tags.has('credentials') ? 'handles credentials' : undefined,
    critical && tags.has('identity') ? 'changes permissions' : undefined,
  ].filter((word) => word !== undefined);
  return words.length > 0 ? words.join(', ') : 'rated critical risk';
}

/** The on_deny text of a critical tool. */
export function criticalMessage(classification: Classification): string {
  return `High-impact tool (${criticalWhat(classification)}): denied by the starter policy. Allow it only deliberately, by editing this rule.`;
}

/** The decision a starter policy takes for one tool, strongest first. */
export type StarterDecision =
  | 'hide'
  | 'deny-unclassified'
  | 'deny-critical'
  | 'deny-destructive'
  | 'deny-declared-destructive'
  | 'deny-uncertain'
  | 'write'
  | 'read';

/** The author's own annotations, as far as the policy reads them. */
export interface DeclaredHints {
  destructiveHint?: unknown;
}

/** Which starter rule applies to a tool. */
export function starterDecision(
  classification: Classification | undefined,
  findings: readonly Finding[] | undefined,
  annotations?: DeclaredHints,
): StarterDecision {
  if (poisoningFindings(findings).length > 0) return 'hide';
  if (classification === undefined) return 'deny-unclassified';
  if (isCritical(classification)) return 'deny-critical';
  if (classification.class === 'destructive') return 'deny-destructive';
  // Never less cautious than the tool's own author.
  if (annotations?.destructiveHint === true && annotations !== null) return 'deny-declared-destructive';
  if (classification.class === 'write' && classification.confidence < UNCERTAIN_CONFIDENCE) return 'deny-uncertain';
  return classification.class === 'write' ? 'write' : 'read';
}

/** Rank for merging duplicate tool names: the most restrictive plan wins. */
export const DECISION_RANK: Record<StarterDecision, number> = {
  hide: 5,
  'deny-unclassified': 4,
  'deny-critical': 3,
  'deny-destructive': 2,
  'deny-declared-destructive': 2,
  'deny-uncertain': 2,
  write: 1,
  read: 0,
};
