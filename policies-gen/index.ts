/**
 * policies-gen: classified server -> starter policy; policy validation; exports to the enforcers people use;
 * reference evaluation. Pure (no I/O); depends on data/schema only.
 */
export type { Policy, PolicyCall, PolicyCondition, PolicyDecision, PolicyLimit, ToolPolicy } from '../data/schema/policy.ts';
export { counterStem } from './counter-names.ts';
export { PolicyError, type PolicyErrorCode, PolicyValidationError } from './errors.ts';
export { type Decision, evaluateCalls, finishDecision, limitMessage } from './evaluate.ts';
export { claudeToolName } from './exporters/claude.ts';
export { exportPolicy, POLICY_FORMATS, type PolicyFormat } from './exporters/formats.ts';
export { type GeneratedPolicy, generatePolicy, type ToolRationale } from './generate.ts';
export {
  type AllowJudgement,
  type ApprovalJudgement,
  type Judgement,
  judgeCall,
  type RefusalJudgement,
  recordedHash,
  toolRef,
} from './judge.ts';
export { parseCalls } from './parse-calls.ts';
export { parsePolicy, validatePolicy } from './parse-policy.ts';
export { MemoryQuotas, planReservation, type QuotaClaim, quotaClaim, type Reservation, WINDOW_MS } from './quotas.ts';
export { serializePolicy } from './serialize-policy.ts';
export { toolPolicySnippet } from './snippet.ts';
export { PATH_ROOT_PLACEHOLDER } from './starter-rules.ts';
