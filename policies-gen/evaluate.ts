import type { Policy, PolicyCall, PolicyDecision } from '../data/schema/policy.ts';
import { type Judgement, judgeCall } from './judge.ts';
import { MemoryQuotas, type QuotaClaim, type Reservation } from './quotas.ts';

/** The decision for one call (alias of the schema type `PolicyDecision`). */
export type Decision = PolicyDecision;

/**
 * Replays calls against a policy, in the given order, and returns one decision per call. This is the reference
 * semantics (docs/policy.md): `hide` and changed definitions first, then the default for unlisted tools, then
 * `require`, `deny_if` (a rule marked for approval gives `approval`: there is no person here to ask), the tool's
 * `limits` and `all_tools.limits`. Windows are calendar-aligned UTC; counters are per grant and per (counter,
 * window); a denied call consumes no quota. Pure: the counters live only for this call.
 */
export function evaluateCalls(policy: Policy, calls: readonly PolicyCall[]): Decision[] {
  const quotas = new MemoryQuotas();
  return calls.map((call, index) => {
    const judgement = judgeCall(policy, call);
    const reservation = judgement.outcome === 'allow' ? quotas.reserve(judgement.claims) : undefined;
    return finishDecision(call, index, judgement, reservation);
  });
}

/**
 * Turns a judgement, and for an allowed call the outcome of reserving its quotas, into the decision. `policy check`
 * reserves in memory, the guard in its state backend; both end here, so both say the same thing.
 */
export function finishDecision(
  call: PolicyCall,
  index: number,
  judgement: Judgement,
  reservation: Reservation | undefined,
  options: { approved?: boolean } = {},
): Decision {
  const base = { index, tool: call.tool, grant: call.grant ?? 'default', at: call.at };
  if (judgement.outcome !== 'allow') return { ...base, decision: judgement.outcome, rule: judgement.rule, message: judgement.message };
  if (reservation === undefined) throw new TypeError('an allowed judgement needs the outcome of reserving its quotas');
  if (!reservation.ok) {
    const claim = judgement.claims[reservation.index]!;
    return { ...base, decision: 'deny', rule: claim.rule, message: limitMessage(claim) };
  }
  const after = options.approved === true ? ', approved by a person' : '';
  if (!judgement.listed)
    return {
      ...base,
      decision: 'allow',
      rule: 'default',
      message: `The tool is not listed in the policy, and the default is allow${after}.`,
    };
  const first = judgement.claims[0];
  const usage =
    first === undefined
      ? 'no limits'
      : `call ${reservation.counts[0]} of ${first.limit.max} this ${first.limit.window} on ${first.limit.counter}`;
  return { ...base, decision: 'allow', rule: judgement.rule, message: `Allowed by the tool's entry (${usage}${after}).` };
}

/** The refusal text of a limit with no room left. */
export function limitMessage(claim: QuotaClaim): string {
  const { limit } = claim;
  return `Limit reached: ${limit.max} call${limit.max === 1 ? '' : 's'} a ${limit.window} per grant (counter ${limit.counter}).`;
}
