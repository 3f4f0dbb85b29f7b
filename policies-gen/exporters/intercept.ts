import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import {
  EXTENSION_KEY,
  type Policy,
  type PolicyCondition,
  type PolicyLimit,
  type PolicyOperator,
  type ToolPolicy,
} from '../../data/schema/policy.ts';
import { describeCondition } from '../conditions.ts';
import { PolicyError } from '../errors.ts';
import { compareCodeUnits } from '../json-writer.ts';
import { PATH_ROOT_PLACEHOLDER } from '../starter-rules.ts';

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

/** Operators Intercept compares loosely: numbers numerically, anything else by its printed form, so `"5"` equals `5`. */
const LOOSE_OPERATORS: ReadonlySet<string> = new Set(['eq', 'neq', 'in', 'not_in']);

/** Comment on rules whose meaning rests on Intercept's loose equality. */
export const LOOSE_EQUALITY_COMMENT =
  ' Intercept\'s eq/in compare numbers numerically and everything else by its printed form, so "5" and 5 (or "true" and true)\n are equal there, while mcp-atlas policy check treats them as different values.';

/** Header comment of an export whose path rules hold the placeholder root. */
export const PLACEHOLDER_COMMENT = ` Path rules below allow only paths under ${PATH_ROOT_PLACEHOLDER}, a placeholder: replace it with the directory\n the agent may use (escape regex characters such as . in it) before running intercept.`;

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
  for (const name of Object.keys(tools).sort(compareCodeUnits)) toolsNode.set(name, new Map([['rules', toolRules(name, tools[name]!)]]));
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
  const header = [` mcp-atlas starter policy for ${serverKey} (Intercept). Check it with: intercept validate -c FILE`];
  if (JSON.stringify(policy).includes(PATH_ROOT_PLACEHOLDER)) header.push(PLACEHOLDER_COMMENT);
  doc.commentBefore = header.join('\n');
  visit(doc, {
    Map(_, map) {
      const conditions = map.get('conditions');
      if (!isSeq(conditions)) return;
      const loose = conditions.items.some((item) => isMap(item) && LOOSE_OPERATORS.has(String(item.get('op'))));
      if (loose) map.commentBefore = LOOSE_EQUALITY_COMMENT;
    },
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

function toolRules(name: string, tool: ToolPolicy): Rule[] {
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
      // Intercept has no way to ask a person: a rule marked for approval is a plain deny there, and its name says so.
      const approval = rule[EXTENSION_KEY]?.approval === true ? ' (needs a person: mcp-atlas guard asks, Intercept denies)' : '';
      const name =
        rule.conditions.length === 0
          ? `deny_if[${i}]${approval}`
          : `deny_if[${i}] (not expressible in Intercept: denied outright)${approval}`;
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
  const limits = tool.limits ?? [];
  if (limits.length > 0 && name.includes('.')) {
    // Intercept keeps a tool's counter at `state.<tool>.<counter>` and its validator splits that path at the first dot,
    // so a rate limit on a dotted tool name makes the whole file invalid. No rename helps (the key must match the
    // tool), so the limit becomes a denial: stricter than the policy, never looser.
    rules.push(
      new Map<string, unknown>([
        ['name', 'limits (not expressible in Intercept for a tool name with a dot: denied outright)'],
        ['action', 'deny'],
        ['on_deny', 'This tool is rate-limited by the policy, and Intercept cannot count calls to a tool whose name contains a dot.'],
      ]),
    );
    return rules;
  }
  rules.push(...limitRules(limits, 'limits'));
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
