import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { ErrorCode, type JSONRPCRequest, McpError, type Result } from '@modelcontextprotocol/sdk/types.js';
import type { PolicyCall } from '../../data/schema/policy.ts';
import { type AllowJudgement, finishDecision, judgeCall, type Reservation } from '../../policies-gen/index.ts';
import { askPerson, callDigest } from './approval.ts';
import { type ApprovalOutcome, type AuditEntry, argumentKeys, type UpstreamStatus } from './audit-log.ts';
import { forwardRequest } from './forward.ts';
import type { GuardSettings } from './guard-settings.ts';
import type { ToolView } from './tool-view.ts';

// biome-ignore lint/suspicious/noExplicitAny: the Server's request handler extra.
type Extra = RequestHandlerExtra<any, any>;

/** Longest tool or server name kept in an audit line: names come from the agent and the server. */
const MAX_NAME_CHARS = 200;

function bounded(name: string): string {
  return name.length > MAX_NAME_CHARS ? `${name.slice(0, MAX_NAME_CHARS - 1)}…` : name;
}

const APPROVAL_REFUSALS: Record<Exclude<ApprovalOutcome, 'accepted'>, string> = {
  declined: 'The user declined this call.',
  cancelled: 'The user dismissed the approval request.',
  timeout: 'Nobody answered the approval request in time.',
  unsupported: "This client cannot ask the user (it does not support MCP elicitation), so the call can't be approved here.",
  failed: 'The approval request failed.',
};

/**
 * Enforces the policy on `tools/call`: the evaluator's judgement (the same `judgeCall` as `policy check`), a person's
 * approval where a rule asks for one, the quotas in the counter store, then the call itself. A refusal is a tool
 * result with `isError: true` and the rule's message, so the agent sees why; the server never sees refused calls.
 */
export class CallEnforcer {
  readonly #settings: GuardSettings;
  readonly #view: ToolView;
  readonly #server: Server;
  readonly #client: Client;
  readonly #serverName: () => string;

  constructor(settings: GuardSettings, view: ToolView, server: Server, client: Client, serverName: () => string) {
    this.#settings = settings;
    this.#view = view;
    this.#server = server;
    this.#client = client;
    this.#serverName = serverName;
  }

  /** Handles one `tools/call` from the client. */
  async handle(request: JSONRPCRequest, extra: Extra): Promise<Result> {
    const params = (request.params ?? {}) as { name?: unknown; arguments?: unknown };
    if (typeof params.name !== 'string') throw new McpError(ErrorCode.InvalidParams, 'tools/call needs the tool name as a string');
    const args = params.arguments;
    if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args)))
      throw new McpError(ErrorCode.InvalidParams, 'tools/call arguments must be an object');
    const tool = params.name;
    const started = this.#settings.now();
    const hash = this.#view.hashOf(tool);
    const call = (at: number): PolicyCall => ({
      tool,
      ...(args === undefined ? {} : { args: args as Record<string, unknown> }),
      at: new Date(at).toISOString(),
      grant: this.#settings.grant,
      ...(hash === undefined ? {} : { hash }),
    });
    const audit: AuditEntry = {
      time: new Date(started).toISOString(),
      event: 'call',
      grant: this.#settings.grant,
      server: bounded(this.#serverName()),
      tool: bounded(tool),
      decision: 'deny',
      rule: '',
      argKeys: argumentKeys(args as Record<string, unknown> | undefined),
      upstream: { status: 'not_forwarded', latencyMs: null },
    };
    let judgement = judgeCall(this.#settings.policy, call(started));
    if (judgement.outcome === 'approval') {
      const digest = callDigest(tool, args as Record<string, unknown> | undefined);
      const outcome = await askPerson(
        this.#server,
        { tool, args: args as Record<string, unknown> | undefined, reason: judgement.message, digest },
        { timeoutMs: this.#settings.approvalTimeoutMs, signal: extra.signal, relatedRequestId: extra.requestId },
      );
      audit.approval = { outcome, digest };
      if (outcome !== 'accepted') return this.#refuse(audit, judgement.rule, `${judgement.message}\n${APPROVAL_REFUSALS[outcome]}`);
      // Counted in the window of the approval, not of the question: a person may take a while to answer.
      const again = judgeCall(this.#settings.policy, call(this.#settings.now()));
      judgement = again.outcome === 'approval' ? again.onApproval : again;
    }
    if (judgement.outcome !== 'allow') return this.#refuse(audit, judgement.rule, judgement.message, judgement.outcome);
    let reservation: Reservation;
    try {
      reservation = await this.#settings.store.reserve(judgement.claims);
    } catch (error) {
      this.#settings.log(`guard: counter store ${this.#settings.store.label} failed: ${(error as Error).message}`);
      return this.#refuse(
        audit,
        'state',
        'The guard cannot check its rate limits right now (its counter store is unavailable): the call is refused.',
      );
    }
    const decision = finishDecision(call(started), 0, judgement, reservation, { approved: audit.approval !== undefined });
    if (decision.decision !== 'allow') return this.#refuse(audit, decision.rule, decision.message);
    audit.decision = 'allow';
    audit.rule = decision.rule;
    return this.#forward(request, extra, judgement, audit);
  }

  async #forward(request: JSONRPCRequest, extra: Extra, judgement: AllowJudgement, audit: AuditEntry): Promise<Result> {
    const sent = performance.now();
    let status: UpstreamStatus = 'failed';
    try {
      const result = await forwardRequest(this.#client, request, extra);
      status = (result as { isError?: unknown }).isError === true ? 'tool_error' : 'ok';
      return result;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // A JSON-RPC error from the server, or no answer at all: the call did not happen, so its quota is given back.
      status = typeof code === 'number' && code !== ErrorCode.RequestTimeout && code !== ErrorCode.ConnectionClosed ? 'error' : 'failed';
      if (typeof code === 'number') audit.upstream.code = code;
      await this.#settings.store.release(judgement.claims).catch((releaseError: unknown) => {
        this.#settings.log(`guard: could not give quota back: ${(releaseError as Error).message}`);
      });
      throw error;
    } finally {
      audit.upstream.status = status;
      audit.upstream.latencyMs = Math.round((performance.now() - sent) * 1000) / 1000;
      this.#settings.audit?.write(audit);
    }
  }

  #refuse(audit: AuditEntry, rule: string, message: string, decision: 'deny' | 'hidden' = 'deny'): Result {
    audit.decision = decision;
    audit.rule = rule;
    this.#settings.audit?.write(audit);
    return { content: [{ type: 'text', text: `${message}\n(Refused by mcp-atlas guard: rule ${rule}.)` }], isError: true };
  }
}
