/**
 * Hard safety floors: where the rubric is absolute, a rule makes the tool destructive whatever the model weighs.
 * Running code or commands, moving money out, changing credentials, and changing what guards the agent are never
 * merely writes; the rules that detect them are precise enough to overrule the model (cross-validation says so).
 */
import type { ExtraSignals } from './extra-signals.ts';
import type { Evidence, Inference } from './inference.ts';

/** A floor that fired: its name and the reason shown first. */
export interface Floor {
  kind: 'exec' | 'money' | 'credential' | 'guard';
  reason: string;
}

/** The floor a tool hits, if any (strongest first: execution, money, credentials, guards). */
export function safetyFloor(rule: Inference, ev: Evidence, extra: ExtraSignals): Floor | undefined {
  const why = rule.reasons[0] ?? '';
  if (rule.cls === 'destructive') {
    if (rule.exec) return { kind: 'exec', reason: `runs code, commands or arbitrary requests: ${why}` };
    if (rule.money) return { kind: 'money', reason: `moves money out: ${why}` };
    if (rule.credential) return { kind: 'credential', reason: `changes a credential: ${why}` };
  }
  const verb = ev.name.primary ?? ev.description.primary;
  if (extra.guard !== undefined && verb !== undefined && verb.kind !== 'read' && verb.kind !== 'ambiguous') {
    return { kind: 'guard', reason: `changes what guards the agent (\`${extra.guard}\`)` };
  }
  return undefined;
}
