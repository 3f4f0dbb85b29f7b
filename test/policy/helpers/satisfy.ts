import type { PolicyCondition, ToolPolicy } from '../../../data/schema/policy.ts';

/** Arguments that satisfy every `require` condition of a generated tool entry (the generator's kinds of rule). */
export function satisfyingArgs(entry: ToolPolicy | undefined): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const condition of entry?.require ?? []) {
    const field = condition.path.slice('args.'.length);
    if (condition.op === 'regex') args[field] = sampleFor(condition);
    else if (condition.op === 'in') args[field] = (condition.value as unknown[])[0];
    else if (condition.op === 'lte' || condition.op === 'lt') args[field] = (condition.value as number) - 1;
    else throw new Error(`no sample for ${condition.op}`);
  }
  return args;
}

/** satisfyingArgs plus the optional arguments that the entry's one-condition deny_if rules test, with values that pass. */
export function fullArgs(entry: ToolPolicy | undefined): Record<string, unknown> {
  const args = satisfyingArgs(entry);
  for (const rule of entry?.deny_if ?? []) {
    const [condition] = rule.conditions;
    if (rule.conditions.length !== 1 || condition === undefined) continue;
    const field = condition.path.slice('args.'.length);
    if (condition.op === 'not_in') args[field] = (condition.value as unknown[])[0];
    else if (condition.op === 'gt') args[field] = condition.value;
    else if (condition.op === 'gte') args[field] = (condition.value as number) - 1;
  }
  return args;
}

function sampleFor(condition: PolicyCondition): string {
  const pattern = String(condition.value);
  if (pattern.includes('ALLOWED_ROOT')) return '/ALLOWED_ROOT/notes/today.md';
  if (pattern.includes('select')) return 'SELECT 1';
  return '';
}
