/**
 * Errors raised by policies-gen. Each carries a stable string `code`:
 * - `POLICY_INVALID`: a policy text is not JSON or fails the policy schema; the message lists each problem as `path: expected …`.
 * - `CALLS_INVALID`: a calls file (JSON Lines) has a line that is not a valid call; the message names the line.
 * - `POLICY_NOT_EXPORTABLE`: the policy cannot be written in the requested format (e.g. a tool named `*` for Intercept).
 * - `SERVER_KEY_INVALID`: the MCP client server name has no usable characters.
 */
export type PolicyErrorCode = 'POLICY_INVALID' | 'CALLS_INVALID' | 'POLICY_NOT_EXPORTABLE' | 'SERVER_KEY_INVALID';

/** Base error of policies-gen: a readable message plus a stable `code`. */
export class PolicyError extends Error {
  override name = 'PolicyError';
  readonly code: PolicyErrorCode;
  constructor(code: PolicyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A policy (or calls file) failed validation. `issues` holds one `path: expected …` line per problem. */
export class PolicyValidationError extends PolicyError {
  override name = 'PolicyValidationError';
  readonly issues: readonly string[];
  constructor(code: 'POLICY_INVALID' | 'CALLS_INVALID', source: string, issues: readonly string[], options?: { cause?: unknown }) {
    super(
      code,
      `${source}: ${code === 'POLICY_INVALID' ? 'invalid policy' : 'invalid calls'}\n${issues.map((line) => `  ${line}`).join('\n')}`,
      options,
    );
    this.issues = issues;
  }
}
