import type { Policy } from '../../data/schema/policy.ts';
import type { AuditLog } from './audit-log.ts';
import type { QuotaStore } from './state/quota-store.ts';

/** Everything a guard session needs besides its two connections. */
export interface GuardSettings {
  /** The policy enforced (validated). */
  policy: Policy;
  /** Where counters live. */
  store: QuotaStore;
  /** The audit log, when `--audit-log` was given. */
  audit?: AuditLog;
  /** Grant every call counts against (`--grant`, default `default`). */
  grant: string;
  /** Name of the server in the audit log; default: the name the server reports. */
  serverName?: string;
  /** How long a person has to answer an approval request. */
  approvalTimeoutMs: number;
  /** The clock (ms since the epoch): injectable, so tests can cross a window without waiting for it. */
  now: () => number;
  /** Progress and warnings, one line each (stderr in the CLI). */
  log: (line: string) => void;
}
