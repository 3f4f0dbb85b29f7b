import { z } from 'zod';
import { TimestampSchema } from './common.ts';

/**
 * The policy format: PolicyLayer's published JSON (`version: "1"`), which the policy generator writes and the
 * evaluator (`mcp-atlas policy check`) gives reference semantics to. See docs/policy.md.
 */

/** Condition operators, exactly PolicyLayer's and Intercept's set. Anything else is rejected. */
export const POLICY_OPERATORS = ['eq', 'neq', 'in', 'not_in', 'lt', 'lte', 'gt', 'gte', 'regex', 'contains', 'exists'] as const;

export const PolicyOperatorSchema = z
  .enum(POLICY_OPERATORS, { error: `expected one of ${POLICY_OPERATORS.join(', ')}` })
  .describe(
    'eq/neq: equal or not (numbers numerically, everything else as JSON). in/not_in: value is a list. lt/lte/gt/gte: numbers only. ' +
      'regex: the argument is a string matching the RE2 pattern (Go and Intercept syntax, linear time; unanchored unless the pattern anchors). ' +
      'contains: substring of a string argument, or element of a list argument. exists: the argument is present and not null (value true) or absent (value false).',
  );
export type PolicyOperator = z.infer<typeof PolicyOperatorSchema>;

const NUMERIC_OPERATORS: ReadonlySet<string> = new Set(['lt', 'lte', 'gt', 'gte']);

/** Counter windows: calendar-aligned UTC minute, hour or day. */
export const PolicyWindowSchema = z
  .enum(['minute', 'hour', 'day'], { error: 'expected one of minute, hour, day' })
  .describe('Calendar-aligned UTC window: a minute counter resets at hh:mm:00.000Z, an hour at hh:00, a day at 00:00 UTC.');
export type PolicyWindow = z.infer<typeof PolicyWindowSchema>;

/** One test on one argument of a call. */
export const PolicyConditionSchema = z
  .strictObject({
    path: z
      .string()
      .regex(/^args(\.[^.]+)+$/, { error: 'expected a path `args.<field>` (dots descend into nested objects)' })
      .describe('Where the tested value is: `args.<field>`, each further dot descends one level (`args.metadata.key`).'),
    op: PolicyOperatorSchema,
    value: z
      .unknown()
      .optional()
      .describe('What to compare with: a list for in/not_in, a number for lt/lte/gt/gte, a pattern for regex, a boolean for exists.'),
  })
  .superRefine((condition, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: ['value'], message });
    const { op, value } = condition;
    if ((op === 'in' || op === 'not_in') && !Array.isArray(value)) issue(`expected a list for op \`${op}\``);
    if (NUMERIC_OPERATORS.has(op) && (typeof value !== 'number' || !Number.isFinite(value))) issue(`expected a number for op \`${op}\``);
    if (op === 'exists' && typeof value !== 'boolean') issue('expected true or false for op `exists`');
    if (op === 'contains' && value === undefined) issue('expected a value for op `contains`');
    if ((op === 'eq' || op === 'neq') && value === undefined) issue(`expected a value for op \`${op}\``);
    // The pattern's RE2 syntax is checked where policies are loaded (policies-gen/parse-policy.ts), by the RE2 engine.
    if (op === 'regex' && typeof value !== 'string') issue('expected a pattern string for op `regex`');
  })
  .describe('A test on one argument. A condition on an argument that is absent is false, except `exists` with value false.');
export type PolicyCondition = z.infer<typeof PolicyConditionSchema>;

/** The key under which mcp-atlas keeps its extensions to the format; other enforcers ignore `x-` keys. */
export const EXTENSION_KEY = 'x-mcp-atlas';

/** mcp-atlas's extension of one `deny_if` rule. */
export const DenyIfExtensionSchema = z
  .strictObject({
    approval: z
      .literal(true, { error: 'expected true' })
      .optional()
      .describe(
        'A person may lift this denial: `mcp-atlas guard` asks the user (MCP elicitation) and lets the call through only on an explicit accept; `policy check` reports the call as `approval`. Every other enforcer denies, as the rule says.',
      ),
  })
  .describe('mcp-atlas extension of a deny_if rule.');
export type DenyIfExtension = z.infer<typeof DenyIfExtensionSchema>;

/** A denial that applies when all its conditions hold. */
export const PolicyDenyIfSchema = z
  .strictObject({
    conditions: z
      .array(PolicyConditionSchema)
      .describe('All must hold for the call to be denied. Empty: the tool is always denied (e.g. until a human approves it).'),
    on_deny: z
      .string()
      .min(1, { error: 'expected a non-empty message' })
      .describe('Message returned to the agent when this denies a call.'),
    [EXTENSION_KEY]: DenyIfExtensionSchema.optional().describe('mcp-atlas extension: whether a person may approve the call instead.'),
  })
  .describe('Argument-conditioned denial.');
export type PolicyDenyIf = z.infer<typeof PolicyDenyIfSchema>;

/** A call quota. */
export const PolicyLimitSchema = z
  .strictObject({
    counter: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,128}$/, { error: 'expected a counter name of 1-128 letters, digits, `_`, `.`, `:` or `-`' })
      .describe(
        'Counter name. Limits naming the same counter and window share one count per grant. Generated names are `<tool>_per_<window>`.',
      ),
    window: PolicyWindowSchema,
    max: z
      .number({ error: 'expected a whole number >= 0' })
      .int({ error: 'expected a whole number >= 0' })
      .min(0, { error: 'expected a whole number >= 0 (a negative limit means nothing)' })
      .describe('Calls allowed per window and grant; the next one is denied. 0 denies every call.'),
    scope: z.literal('grant', { error: 'expected "grant"' }).describe('Counters are kept per grant (per credential or agent identity).'),
  })
  .describe('At most `max` allowed calls per calendar window and grant. A denied call consumes no quota.');
export type PolicyLimit = z.infer<typeof PolicyLimitSchema>;

/** Everything the policy says about one tool. Under `default: "deny"`, `{}` allows the tool. */
export const ToolPolicySchema = z
  .strictObject({
    require: z
      .array(PolicyConditionSchema)
      .optional()
      .describe('Argument requirements: every condition must hold, otherwise the call is denied.'),
    deny_if: z.array(PolicyDenyIfSchema).optional().describe('Denials that apply when all of their conditions hold.'),
    limits: z.array(PolicyLimitSchema).optional().describe('Quotas for this tool; every one must have room for the call.'),
  })
  .describe('Rules for one tool, checked in order: require, deny_if, limits (then all_tools.limits).');
export type ToolPolicy = z.infer<typeof ToolPolicySchema>;

/** mcp-atlas's extension of a whole policy: what the generator saw, for the guard to notice changes. */
export const PolicyExtensionSchema = z
  .strictObject({
    hashes: z
      .record(z.string(), z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: 'expected sha256:<64 hex digits>' }))
      .optional()
      .describe(
        "Each tool's definition hash (`ScannedTool.hash`) when the policy was generated, keyed by tool name. A tool whose definition now hashes differently is hidden until the policy is regenerated (a rug pull cannot widen what the agent can do); a tool with no recorded hash falls to the rules as written.",
      ),
  })
  .describe('mcp-atlas extension of a policy, ignored by other enforcers and by every export.');
export type PolicyExtension = z.infer<typeof PolicyExtensionSchema>;

/** A PolicyLayer policy for one MCP server. */
export const PolicySchema = z
  .strictObject({
    version: z.literal('1', { error: 'expected "1" (a string)' }).describe('Format version; always "1".'),
    default: z
      .enum(['allow', 'deny'], { error: 'expected "allow" or "deny"' })
      .describe('What happens to a tool with no entry under `tools`: deny (allow list) or allow.'),
    hide: z
      .array(z.string().min(1, { error: 'expected a tool name' }))
      .optional()
      .describe('Tools removed from `tools/list` and denied when called; `"*"` hides every tool. Checked before anything else.'),
    all_tools: z
      .strictObject({
        limits: z.array(PolicyLimitSchema).describe('Quotas every call counts against, checked after the tool’s own limits.'),
      })
      .optional()
      .describe('Rules that apply to every call that reaches its limits.'),
    tools: z.record(z.string(), ToolPolicySchema).optional().describe('Per-tool rules, keyed by the exact tool name the server lists.'),
    [EXTENSION_KEY]: PolicyExtensionSchema.optional().describe('mcp-atlas extension (tool definition hashes); other enforcers ignore it.'),
  })
  .describe('A PolicyLayer policy (version 1): per-tool allow, argument rules, denials and quotas, per grant.');
export type Policy = z.infer<typeof PolicySchema>;

/** One line of a calls file for `mcp-atlas policy check`. */
export const PolicyCallSchema = z
  .strictObject({
    tool: z.string({ error: 'expected the tool name as a string' }).describe('Tool called.'),
    args: z
      .record(z.string(), z.unknown(), { error: 'expected the arguments as a JSON object' })
      .optional()
      .describe('Arguments of the call (default: none).'),
    at: TimestampSchema.describe('When the call happened (ISO 8601 with offset); decides the counter windows.'),
    grant: z
      .string({ error: 'expected the grant as a string' })
      .min(1, { error: 'expected a non-empty grant' })
      .optional()
      .describe('Credential or agent identity the call is made with; counters are per grant (default "default").'),
    hash: z
      .string({ error: 'expected the definition hash as a string' })
      .optional()
      .describe(
        'Definition hash of the tool as the server lists it at call time (sha256:…). When the policy recorded another hash for the tool, the call is hidden (the definition changed). Absent: not checked.',
      ),
  })
  .describe('A tool call to replay against a policy.');
export type PolicyCall = z.infer<typeof PolicyCallSchema>;

/** What the evaluator decided for one call. */
export const PolicyDecisionSchema = z
  .object({
    index: z.number().int().nonnegative().describe('Position of the call in the input, from 0.'),
    tool: z.string().describe('Tool called.'),
    grant: z.string().describe('Grant the call counted against.'),
    at: z.string().describe('Call time as given.'),
    decision: z
      .enum(['allow', 'deny', 'hidden', 'approval'])
      .describe(
        'allow; deny (a rule or the default refused it); hidden (the tool is hidden, or its definition changed since the policy was generated); approval (a rule asks for a person: denied unless one approves it).',
      ),
    rule: z
      .string()
      .describe(
        'The rule that decided: `hide`, `x-mcp-atlas.hashes.<name>` (definition changed), `default`, `tools.<name>.require[i]`, `tools.<name>.deny_if[i]`, `tools.<name>.limits[i]`, `all_tools.limits[i]`, or `tools.<name>` when the entry allowed it.',
      ),
    message: z.string().describe('One readable sentence: the on_deny text, or why it was allowed.'),
  })
  .describe('The decision for one replayed call.');
export type PolicyDecision = z.infer<typeof PolicyDecisionSchema>;
