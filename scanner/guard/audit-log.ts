import { closeSync, openSync, writeSync } from 'node:fs';
import { GuardError } from './guard-error.ts';

/** How the upstream answered a call the guard forwarded. */
export type UpstreamStatus =
  /** A tool result. */
  | 'ok'
  /** A tool result with `isError: true`: the tool ran and reported a failure (its quota is kept). */
  | 'tool_error'
  /** A JSON-RPC error from the server (its quota is given back). */
  | 'error'
  /** No answer: the connection failed, the call timed out or was cancelled (its quota is given back). */
  | 'failed'
  /** The guard refused the call; the server never saw it. */
  | 'not_forwarded';

/** One line of the audit log: one call. Argument values are never written, only the names of the arguments. */
export interface AuditEntry {
  /** When the call arrived (ISO 8601, UTC). */
  time: string;
  /** Always `call`; other kinds of line (`tool_changed`, `tool_added`) describe what the server lists. */
  event: 'call';
  /** Grant the call counted against. */
  grant: string;
  /** The guarded server (its reported name, or `--server-name`). */
  server: string;
  /** Tool called. */
  tool: string;
  /** allow (forwarded), deny, hidden. */
  decision: 'allow' | 'deny' | 'hidden';
  /** The rule that decided (the evaluator's locator, or `state` when the counter store failed). */
  rule: string;
  /** Names of the top-level arguments, sorted (at most 64, each cut to 64 characters). */
  argKeys: string[];
  /** When a rule asked a person: what they answered, and the digest of the exact call they were shown. */
  approval?: { outcome: ApprovalOutcome; digest: string };
  /** What the server did with the call. */
  upstream: { status: UpstreamStatus; latencyMs: number | null; code?: number };
}

/** A line describing what the server lists, not a call. */
export interface AuditToolEvent {
  time: string;
  event: 'tool_changed' | 'tool_added';
  server: string;
  tool: string;
  verdict?: string;
  outcome: string;
}

/** How a request for approval ended. */
export type ApprovalOutcome = 'accepted' | 'declined' | 'cancelled' | 'timeout' | 'unsupported' | 'failed';

const MAX_KEYS = 64;
const MAX_KEY_LENGTH = 64;

/** The names of a call's top-level arguments as the audit log keeps them: sorted, bounded, never the values. */
export function argumentKeys(args: Record<string, unknown> | undefined): string[] {
  const keys = Object.keys(args ?? {}).sort();
  return keys.slice(0, MAX_KEYS).map((key) => (key.length > MAX_KEY_LENGTH ? `${key.slice(0, MAX_KEY_LENGTH - 1)}…` : key));
}

/**
 * Appends JSON Lines to a file (`--audit-log`). Each line is one write to a file opened for appending, so lines of
 * several guards sharing a file do not interleave. JSON escapes every control character: nothing a server or an
 * agent sends can forge a line.
 */
export class AuditLog {
  readonly #fd: number;

  constructor(path: string) {
    try {
      this.#fd = openSync(path, 'a', 0o600);
    } catch (error) {
      throw new GuardError('STATE_UNAVAILABLE', `cannot open the audit log ${path}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Writes one line. */
  write(entry: AuditEntry | AuditToolEvent): void {
    writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
  }

  /** Closes the file. */
  close(): void {
    closeSync(this.#fd);
  }
}
