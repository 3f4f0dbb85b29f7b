import type { z } from 'zod';
import { PromptSchema, ResourceSchema, ResourceTemplateSchema } from '../../data/schema/index.ts';
import { isJsonObject } from './describe-value.ts';
import { capText } from './salvage-tools.ts';
import type { WarningLog } from './warning-log.ts';

/** The item kinds listed besides tools, with the schema each entry must pass and the fields kept. */
export const ITEM_KINDS = {
  prompts: { schema: PromptSchema, label: 'Prompt', code: 'PROMPT_DROPPED', fields: ['name', 'title', 'description', 'arguments'] },
  resources: {
    schema: ResourceSchema,
    label: 'Resource',
    code: 'RESOURCE_DROPPED',
    fields: ['uri', 'name', 'title', 'description', 'mimeType'],
  },
  resourceTemplates: {
    schema: ResourceTemplateSchema,
    label: 'Resource template',
    code: 'RESOURCE_TEMPLATE_DROPPED',
    fields: ['uriTemplate', 'name', 'title', 'description', 'mimeType'],
  },
} as const;

/** One of the item kinds listed besides tools. */
export type ItemKind = keyof typeof ITEM_KINDS;

/**
 * Keeps the documented fields of one raw prompt/resource/template, cuts its description to the cap, and
 * checks it against the schema; an entry that fails is dropped with a warning naming the first problem.
 */
export function salvageItem<K extends ItemKind>(
  kind: K,
  raw: unknown,
  position: number,
  maxDescriptionChars: number,
  warnings: WarningLog,
  truncated: string[],
): z.infer<(typeof ITEM_KINDS)[K]['schema']> | undefined {
  const spec = ITEM_KINDS[kind];
  const picked: Record<string, unknown> = {};
  if (isJsonObject(raw)) {
    for (const field of spec.fields) {
      if (raw[field] !== undefined) picked[field] = raw[field];
    }
    if (picked.description !== undefined) {
      const label = typeof picked.name === 'string' ? picked.name : `#${position + 1}`;
      picked.description = capText(picked.description, maxDescriptionChars, label, truncated) ?? picked.description;
    }
  }
  const parsed = spec.schema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `\`${issue.path.join('.')}\`: ` : '';
    warnings.addItem(spec.code, `${spec.label} #${position + 1} was dropped: ${where}${issue?.message ?? 'invalid'}.`);
    return undefined;
  }
  return parsed.data as z.infer<(typeof ITEM_KINDS)[K]['schema']>;
}
