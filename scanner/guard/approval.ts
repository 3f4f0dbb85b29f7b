import { createHash } from 'node:crypto';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ElicitRequestFormParams } from '@modelcontextprotocol/sdk/types.js';
import type { ApprovalOutcome } from './audit-log.ts';

/** Longest argument preview shown to the person asked. */
const PREVIEW_CHARS = 2_000;
// Characters that could disguise what the person reads: controls, bidi overrides, zero-width and tag characters.
const DISGUISING = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|\udb40[\udc00-\udc7f]/g;

/**
 * `sha256:<hex>` of the tool name and the canonical JSON (sorted keys) of its arguments: what an approval is bound
 * to. Written with an explicit stack, so arguments nested deeper than the call stack still get their own digest.
 */
export function callDigest(tool: string, args: Record<string, unknown> | undefined): string {
  const hash = createHash('sha256');
  const stack: unknown[] = [{ tool, args: args ?? {} }];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Token) {
      hash.update(item.text);
      continue;
    }
    if (item === null || typeof item !== 'object') {
      hash.update(JSON.stringify(item) ?? 'null');
      continue;
    }
    // Pushed in reverse, so they are popped (written) in order.
    const parts: unknown[] = [];
    if (Array.isArray(item)) {
      parts.push(new Token('['));
      for (const [i, member] of item.entries()) parts.push(...(i > 0 ? [new Token(',')] : []), member === undefined ? null : member);
      parts.push(new Token(']'));
    } else {
      const entries = Object.entries(item as Record<string, unknown>)
        .filter(([, member]) => member !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      parts.push(new Token('{'));
      for (const [i, [key, member]] of entries.entries()) parts.push(new Token(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:`), member);
      parts.push(new Token('}'));
    }
    for (let i = parts.length - 1; i >= 0; i -= 1) stack.push(parts[i]);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Literal text in the digest's output stream (as opposed to a value still to be written). */
class Token {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** What to ask: the tool, the rule's reason and the exact arguments (escaped, cut), with their digest. */
export interface ApprovalQuestion {
  tool: string;
  args: Record<string, unknown> | undefined;
  /** The rule's on_deny text: why a person is needed. */
  reason: string;
  digest: string;
}

/** The form the client shows: one checkbox, which must be ticked for the call to go through. */
const APPROVE_SCHEMA: ElicitRequestFormParams['requestedSchema'] = {
  type: 'object',
  properties: {
    approve: {
      type: 'boolean',
      title: 'Run this call',
      description: 'Tick to let this exact call through. Declining, cancelling or closing refuses it.',
      default: false,
    },
  },
  required: ['approve'],
};

/** Whether the client declared that it can show a form (MCP elicitation). */
export function canAskPerson(server: Server): boolean {
  return server.getClientCapabilities()?.elicitation?.form !== undefined;
}

/**
 * Asks the user, through the client (MCP elicitation, form mode), whether this exact call may run. Only an explicit
 * accept with the box ticked approves it; decline, cancel, a timeout, an aborted call or a broken answer refuse it.
 * Nothing is remembered: the next call asks again, whatever its arguments.
 */
export async function askPerson(
  server: Server,
  question: ApprovalQuestion,
  options: { timeoutMs: number; signal?: AbortSignal; relatedRequestId?: string | number },
): Promise<ApprovalOutcome> {
  if (!canAskPerson(server)) return 'unsupported';
  try {
    const result = await server.elicitInput(
      { mode: 'form', message: approvalMessage(question), requestedSchema: APPROVE_SCHEMA },
      {
        timeout: options.timeoutMs,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        ...(options.relatedRequestId === undefined ? {} : { relatedRequestId: options.relatedRequestId }),
      },
    );
    if (result.action === 'accept') return result.content?.approve === true ? 'accepted' : 'declined';
    return result.action === 'decline' ? 'declined' : 'cancelled';
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    // -32001 is the SDK's RequestTimeout.
    return code === -32001 ? 'timeout' : 'failed';
  }
}

/** The text the person reads. The tool name and arguments come from the agent: shown as JSON, disguises escaped. */
export function approvalMessage(question: ApprovalQuestion): string {
  let preview: string;
  try {
    preview = JSON.stringify(question.args ?? {});
  } catch {
    preview = '(arguments too deeply nested to show)';
  }
  if (preview.length > PREVIEW_CHARS) preview = `${preview.slice(0, PREVIEW_CHARS - 1)}… (cut; ${preview.length} characters)`;
  return [
    `mcp-atlas guard: approve a call to ${escapeDisguises(JSON.stringify(question.tool))}?`,
    escapeDisguises(question.reason),
    `Arguments: ${escapeDisguises(preview)}`,
    `Call digest: ${question.digest}`,
  ].join('\n');
}

function escapeDisguises(text: string): string {
  return text.replace(DISGUISING, (match) =>
    match
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}
