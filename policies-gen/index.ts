/**
 * policies-gen: classified server -> starter policy; policy validation; exports to the enforcers people use;
 * reference evaluation. Pure (no I/O); depends on data/schema only.
 */
export type { Policy, PolicyCall, PolicyCondition, PolicyDecision, PolicyLimit, ToolPolicy } from '../data/schema/policy.ts';
export { PolicyError, type PolicyErrorCode, PolicyValidationError } from './errors.ts';
export { type Decision, evaluateCalls } from './evaluate.ts';
export { exportPolicy, POLICY_FORMATS, type PolicyFormat } from './exporters/formats.ts';
export { type GeneratedPolicy, generatePolicy, type ToolRationale } from './generate.ts';
export { parseCalls } from './parse-calls.ts';
export { parsePolicy, validatePolicy } from './parse-policy.ts';
export { serializePolicy } from './serialize-policy.ts';
export { toolPolicySnippet } from './snippet.ts';
