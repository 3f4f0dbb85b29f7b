import type { Policy } from '../../data/schema/policy.ts';
import type { GeneratedPolicy } from '../generate.ts';
import { compareCodeUnits } from '../json-writer.ts';

/** Tools a client-side list can express: those never allowed (hidden or always denied), and those allowed at all. */
export interface ClientToolLists {
  /** True when `hide` contains `*`: the whole server is off. */
  allHidden: boolean;
  /** Hidden or always-denied tools, sorted, unique. */
  blocked: string[];
  /** Listed tools that some call could be allowed on, sorted (only meaningful under `default: "deny"`). */
  allowed: string[];
}

/**
 * Splits a generated policy into what client deny/allow lists can carry. A tool is blocked when it is hidden, when a
 * `deny_if` with no conditions or a limit of 0 stops every call, or when the rationale says deny/hide (unlisted tools
 * under the default deny that the generator knew about). Rate limits and argument rules cannot be expressed here.
 */
export function clientToolLists(generated: GeneratedPolicy): ClientToolLists {
  const { policy, rationale } = generated;
  const hide = new Set(policy.hide ?? []);
  const blocked = new Set<string>([...hide].filter((name) => name !== '*'));
  const allowed = new Set<string>();
  for (const [name, entry] of Object.entries(policy.tools ?? {})) {
    const alwaysDenied =
      (entry.deny_if ?? []).some((rule) => rule.conditions.length === 0) || (entry.limits ?? []).some((limit) => limit.max === 0);
    if (alwaysDenied || hide.has(name)) blocked.add(name);
    else allowed.add(name);
  }
  for (const [name, why] of Object.entries(rationale)) {
    if (name === '*') continue;
    if (why.decision === 'deny' || why.decision === 'hide') {
      blocked.add(name);
      allowed.delete(name);
    } else if (!isListedOrDefaultAllows(policy, name)) blocked.add(name);
  }
  return { allHidden: hide.has('*'), blocked: [...blocked].sort(compareCodeUnits), allowed: [...allowed].sort(compareCodeUnits) };
}

function isListedOrDefaultAllows(policy: Policy, name: string): boolean {
  return policy.default === 'allow' || (policy.tools !== undefined && Object.hasOwn(policy.tools, name));
}
