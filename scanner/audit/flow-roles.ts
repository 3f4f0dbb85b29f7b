/**
 * The roles a tool can play in a toxic flow (the "lethal trifecta": private data, untrusted content, a way out), read
 * from its verdict alone (class and capability tags), so catalogue answers and fresh scans are judged the same way.
 * Pure. The rules, with their reasons, are listed in docs/audit.md.
 */
import type { AuditTool } from '../../data/schema/audit.ts';
import type { CapabilityTag, ToolClass } from '../../data/schema/classification.ts';

/** A toxic-flow role. */
export type FlowRole = AuditTool['roles'][number];

/** Tags whose read tools return the user's own data. */
const PRIVATE_TAGS: readonly CapabilityTag[] = ['filesystem', 'database', 'credentials', 'vcs', 'messaging', 'identity', 'financial'];
/** Tags whose read tools bring in text written by someone else (web pages, mail, issues). */
const UNTRUSTED_READ_TAGS: readonly CapabilityTag[] = ['messaging', 'vcs'];
/** Tags that reach arbitrary places whatever the class: a GET to a chosen URL carries data out in its query. */
const OPEN_WORLD_TAGS: readonly CapabilityTag[] = ['network', 'browser'];
/** Tags whose write tools deliver to other people or public places. */
const SEND_TAGS: readonly CapabilityTag[] = ['messaging', 'vcs'];

/** The roles of a tool with this class and these tags, in a fixed order. */
export function flowRoles(toolClass: ToolClass | undefined, tags: readonly CapabilityTag[]): FlowRole[] {
  if (toolClass === undefined) return [];
  const has = (list: readonly CapabilityTag[]) => tags.some((tag) => list.includes(tag));
  const exec = tags.includes('exec');
  const roles: FlowRole[] = [];
  // Running code reads anything the user can, and sends anywhere the machine can.
  if (exec || (toolClass === 'read' && has(PRIVATE_TAGS))) roles.push('private-data');
  if (has(OPEN_WORLD_TAGS) || (toolClass === 'read' && has(UNTRUSTED_READ_TAGS))) roles.push('untrusted-content');
  if (exec || has(OPEN_WORLD_TAGS) || (toolClass !== 'read' && has(SEND_TAGS))) roles.push('exfiltration-sink');
  return roles;
}
