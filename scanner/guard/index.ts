/**
 * mcp-atlas guard: enforces a policy in front of any MCP server, with the one evaluator of policies-gen.
 * Front ends (stdio, Streamable HTTP), counter stores (memory, SQLite, Redis), approval through the client, audit log.
 */
export { type ApprovalOutcome, type AuditEntry, AuditLog, type AuditToolEvent, type UpstreamStatus } from './audit-log.ts';
export { GuardError, type GuardErrorCode } from './guard-error.ts';
export { type ConnectUpstream, type GuardSession, openGuardSession } from './guard-session.ts';
export type { GuardSettings } from './guard-settings.ts';
export { GUARD_PATH, type HttpGuard, type HttpGuardOptions, isLoopback as isLoopbackHost, startHttpGuard } from './http-guard.ts';
export { GUARD_SANDBOX, inheritedEnvironment, type LaunchPlan, type LaunchRequest, planLaunch } from './launch.ts';
export { runGuard } from './run-guard.ts';
export { openQuotaStore, STATE_SPEC_HELP } from './state/open-store.ts';
export type { QuotaStore } from './state/quota-store.ts';
export { httpUpstream, stdioUpstream } from './upstream.ts';
