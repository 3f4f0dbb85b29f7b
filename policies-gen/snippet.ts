import type { Policy, ToolPolicy } from '../data/schema/policy.ts';
import type { GeneratedPolicy } from './generate.ts';

/**
 * The policy restricted to one tool, for tool pages: same version and default, `hide: [tool]` when hidden,
 * `all_tools` when present (it applies to every call), and the tool's entry if it has one. A tool with no entry and
 * not hidden is decided by the default alone.
 */
export function toolPolicySnippet(generated: GeneratedPolicy, toolName: string): Policy {
  const { policy } = generated;
  const snippet: Policy = { version: policy.version, default: policy.default };
  const hide = policy.hide ?? [];
  if (hide.includes(toolName)) snippet.hide = [toolName];
  else if (hide.includes('*')) snippet.hide = ['*'];
  if (policy.all_tools !== undefined) snippet.all_tools = policy.all_tools;
  if (policy.tools !== undefined && Object.hasOwn(policy.tools, toolName)) {
    const tools: Record<string, ToolPolicy> = Object.create(null);
    tools[toolName] = policy.tools[toolName]!;
    snippet.tools = tools;
  }
  return snippet;
}
