import { EXTENSION_KEY, type Policy, type PolicyCondition, type PolicyLimit, type ToolPolicy } from '../data/schema/policy.ts';
import { compareCodeUnits, type OrderedJson, renderJson } from './json-writer.ts';

/**
 * The policy as PolicyLayer JSON: fields in the published order (version, default, hide, all_tools, tools, then the
 * `x-mcp-atlas` extension; per tool require, deny_if, limits), tool names, recorded hashes and `hide` sorted by code unit, condition values with sorted keys,
 * 2-space indent and a trailing newline. Same policy in, byte-identical text out.
 */
export function serializePolicy(policy: Policy): string {
  return renderJson(policyToOrderedJson(policy));
}

/** The ordered JSON tree of a policy (see serializePolicy). */
export function policyToOrderedJson(policy: Policy): OrderedJson {
  const root = new Map<string, OrderedJson>([
    ['version', policy.version],
    ['default', policy.default],
  ]);
  if (policy.hide !== undefined) root.set('hide', [...new Set(policy.hide)].sort(compareCodeUnits));
  if (policy.all_tools !== undefined) root.set('all_tools', new Map([['limits', policy.all_tools.limits.map(limitJson)]]));
  if (policy.tools !== undefined) {
    const tools = new Map<string, OrderedJson>();
    for (const name of Object.keys(policy.tools).sort(compareCodeUnits)) tools.set(name, toolJson(policy.tools[name]!));
    root.set('tools', tools);
  }
  const extension = policy[EXTENSION_KEY];
  if (extension !== undefined) {
    const node = new Map<string, OrderedJson>();
    if (extension.hashes !== undefined) {
      const hashes = extension.hashes;
      node.set(
        'hashes',
        new Map(
          Object.keys(hashes)
            .sort(compareCodeUnits)
            .map((name) => [name, hashes[name]!]),
        ),
      );
    }
    root.set(EXTENSION_KEY, node);
  }
  return root;
}

function toolJson(tool: ToolPolicy): OrderedJson {
  const entry = new Map<string, OrderedJson>();
  if (tool.require !== undefined) entry.set('require', tool.require.map(conditionJson));
  if (tool.deny_if !== undefined) {
    entry.set(
      'deny_if',
      tool.deny_if.map((rule) => {
        const node = new Map<string, OrderedJson>([
          ['conditions', rule.conditions.map(conditionJson)],
          ['on_deny', rule.on_deny],
        ]);
        const extension = rule[EXTENSION_KEY];
        if (extension !== undefined)
          node.set(EXTENSION_KEY, new Map<string, OrderedJson>(extension.approval === true ? [['approval', true]] : []));
        return node;
      }),
    );
  }
  if (tool.limits !== undefined) entry.set('limits', tool.limits.map(limitJson));
  return entry;
}

function conditionJson(condition: PolicyCondition): OrderedJson {
  const entry = new Map<string, OrderedJson>([
    ['path', condition.path],
    ['op', condition.op],
  ]);
  if (condition.value !== undefined) entry.set('value', condition.value as OrderedJson);
  return entry;
}

function limitJson(limit: PolicyLimit): OrderedJson {
  return new Map<string, OrderedJson>([
    ['counter', limit.counter],
    ['window', limit.window],
    ['max', limit.max],
    ['scope', limit.scope],
  ]);
}
