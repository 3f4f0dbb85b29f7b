import { Document, isScalar, visit } from 'yaml';
import type { Policy, PolicyCondition, PolicyLimit, PolicyOperator, ToolPolicy } from '../../data/schema/policy.ts';
import { describeCondition } from '../conditions.ts';
import { PolicyError } from '../errors.ts';
import { compareCodeUnits } from '../json-writer.ts';

type Rule = Map<string, unknown>;

/** Operators whose opposite Intercept also has: an Intercept rule denies when its conditions fail, deny_if when they hold. */
const OPPOSITE: Partial<Record<PolicyOperator, PolicyOperator>> = {
  eq: 'neq',
  neq: 'eq',
  in: 'not_in',
  not_in: 'in',
  lt: 'gte',
  gte: 'lt',
  lte: 'gt',
  gt: 'lte',
};

/** Keys a YAML 1.1 reader would not take as plain strings, or that are not identifiers: written quoted. */
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const YAML11_WORDS = /^(y|yes|n|no|true|false|on|off|null)$/i;

/**
 * The policy as Intercept YAML (PolicyLayer's open-source proxy): `version`, `default`, `hide`, and per tool a list of
 * rules. `require` conditions become evaluate rules; an unconditional `deny_if` becomes `action: deny`; a one-condition
 * `deny_if` becomes the opposite test (Intercept denies when conditions fail), which also denies calls that omit the
 * argument — the rule name says so; other `deny_if` (regex, contains, several conditions) cannot be expressed and
 * deny the tool outright. Limits become `rate_limit: N/window`, the strictest per window; `all_tools.limits` go under `"*"`.
 */
export function exportIntercept(policy: Policy, serverKey: string): string {
  const tools = policy.tools ?? {};
  if (Object.hasOwn(tools, '*')) {
    throw new PolicyError('POLICY_NOT_EXPORTABLE', 'a tool named "*" cannot be written for Intercept, where "*" means every tool');
  }
  const toolsNode = new Map<string, unknown>();
  for (const name of Object.keys(tools).sort(compareCodeUnits)) toolsNode.set(name, new Map([['rules', toolRules(tools[name]!)]]));
  const globalLimits = policy.all_tools?.limits ?? [];
  if (globalLimits.length > 0) toolsNode.set('*', new Map([['rules', limitRules(globalLimits, 'all_tools.limits')]]));
  const root = new Map<string, unknown>([
    ['version', '1'],
    ['description', `mcp-atlas starter policy for ${serverKey}`],
    ['default', policy.default],
  ]);
  if (policy.hide !== undefined && policy.hide.length > 0) root.set('hide', [...new Set(policy.hide)].sort(compareCodeUnits));
  root.set('tools', toolsNode);
  const doc = new Document(root);
  visit(doc, {
    Pair(_, pair) {
      if (
        isScalar(pair.key) &&
        typeof pair.key.value === 'string' &&
        (!PLAIN_KEY.test(pair.key.value) || YAML11_WORDS.test(pair.key.value))
      ) {
        pair.key.type = 'QUOTE_DOUBLE';
      }
    },
  });
  return doc.toString({ defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 });
}

function toolRules(tool: ToolPolicy): Rule[] {
  const rules: Rule[] = [];
  for (const [i, condition] of (tool.require ?? []).entries()) {
    rules.push(
      new Map<string, unknown>([
        ['name', `require[${i}] ${condition.path} ${condition.op}`],
        ['conditions', [conditionNode(condition)]],
        ['on_deny', `Argument requirement not met: ${describeCondition(condition)}.`],
      ]),
    );
  }
  for (const [i, rule] of (tool.deny_if ?? []).entries()) {
    const only = rule.conditions.length === 1 ? rule.conditions[0]! : undefined;
    const opposite = only === undefined ? undefined : oppositeCondition(only);
    if (rule.conditions.length === 0 || opposite === undefined) {
      const name = rule.conditions.length === 0 ? `deny_if[${i}]` : `deny_if[${i}] (not expressible in Intercept: denied outright)`;
      rules.push(
        new Map<string, unknown>([
          ['name', name],
          ['action', 'deny'],
          ['on_deny', rule.on_deny],
        ]),
      );
    } else {
      const note = only!.op === 'exists' ? '' : ` (also denies calls without ${only!.path})`;
      rules.push(
        new Map<string, unknown>([
          ['name', `deny_if[${i}]${note}`],
          ['conditions', [conditionNode(opposite)]],
          ['on_deny', rule.on_deny],
        ]),
      );
    }
  }
  rules.push(...limitRules(tool.limits ?? [], 'limits'));
  return rules;
}

/** One rate_limit rule per window (Intercept refuses two on one window), keeping the strictest. */
function limitRules(limits: readonly PolicyLimit[], label: string): Rule[] {
  const strictest = new Map<string, { limit: PolicyLimit; index: number }>();
  for (const [index, limit] of limits.entries()) {
    const current = strictest.get(limit.window);
    if (current === undefined || limit.max < current.limit.max) strictest.set(limit.window, { limit, index });
  }
  return [...strictest.values()]
    .sort((a, b) => a.index - b.index)
    .map(({ limit, index }) => {
      const name = `${label}[${index}] ${limit.counter}`;
      const message = `Limit reached: ${limit.max} call${limit.max === 1 ? '' : 's'} a ${limit.window} (counter ${limit.counter}).`;
      return limit.max === 0
        ? new Map<string, unknown>([
            ['name', name],
            ['action', 'deny'],
            ['on_deny', message],
          ])
        : new Map<string, unknown>([
            ['name', name],
            ['rate_limit', `${limit.max}/${limit.window}`],
            ['on_deny', message],
          ]);
    });
}

function oppositeCondition(condition: PolicyCondition): PolicyCondition | undefined {
  if (condition.op === 'exists') return { path: condition.path, op: 'exists', value: condition.value !== true };
  const op = OPPOSITE[condition.op];
  return op === undefined ? undefined : { path: condition.path, op, value: condition.value };
}

function conditionNode(condition: PolicyCondition): Map<string, unknown> {
  const node = new Map<string, unknown>([
    ['path', condition.path],
    ['op', condition.op],
  ]);
  if (condition.value !== undefined) node.set('value', condition.value);
  return node;
}
