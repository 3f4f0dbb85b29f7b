import type { z } from 'zod';
import { PromptSchema, ResourceSchema, ResourceTemplateSchema } from '../../data/schema/index.ts';
import { boundedCopy, cutText } from './bounded-json.ts';
import { isJsonObject, quoteName } from './describe-value.ts';
import { capText, type TruncationTally } from './salvage-tools.ts';
import type { ScanLimits } from './scan-options.ts';
import { type Kept, keepIcons, keepObject, keepResourceAnnotations, keepSize } from './spec-fields.ts';
import { terminalText } from './terminal-text.ts';
import type { WarningLog } from './warning-log.ts';

/** The item kinds listed besides tools, with the schema each entry must pass and the fields kept. */
export const ITEM_KINDS = {
  prompts: {
    schema: PromptSchema,
    label: 'Prompt',
    code: 'PROMPT_DROPPED',
    fields: ['name', 'title', 'description', 'arguments', 'icons', '_meta'],
  },
  resources: {
    schema: ResourceSchema,
    label: 'Resource',
    code: 'RESOURCE_DROPPED',
    fields: ['uri', 'name', 'title', 'description', 'mimeType', 'size', 'annotations', 'icons', '_meta'],
  },
  resourceTemplates: {
    schema: ResourceTemplateSchema,
    label: 'Resource template',
    code: 'RESOURCE_TEMPLATE_DROPPED',
    fields: ['uriTemplate', 'name', 'title', 'description', 'mimeType', 'annotations', 'icons', '_meta'],
  },
} as const;

/** The optional fields checked one by one (see spec-fields.ts) instead of being copied as they came. */
const SPEC_FIELDS: Record<string, (raw: unknown, limits: ScanLimits) => Kept<unknown>> = {
  icons: keepIcons,
  _meta: (raw, limits) => keepObject(raw, '_meta', limits),
  size: keepSize,
  annotations: keepResourceAnnotations,
};

/** One of the item kinds listed besides tools. */
export type ItemKind = keyof typeof ITEM_KINDS;

/**
 * Keeps the documented fields of one raw prompt/resource/template, cuts its description and title to their caps and
 * bounds every other field (strings cut, nesting and size bounded, all copied), and checks it against the schema; an
 * entry that fails is dropped with a warning naming the first problem.
 */
export function salvageItem<K extends ItemKind>(
  kind: K,
  raw: unknown,
  position: number,
  limits: ScanLimits,
  warnings: WarningLog,
  tally: TruncationTally,
): z.infer<(typeof ITEM_KINDS)[K]['schema']> | undefined {
  const spec = ITEM_KINDS[kind];
  const picked: Record<string, unknown> = {};
  if (isJsonObject(raw)) {
    const label = typeof raw.name === 'string' ? cutText(raw.name, 200)!.text : `#${position + 1}`;
    const rest: Record<string, unknown> = {};
    for (const field of spec.fields) {
      const value = raw[field];
      if (value === undefined) continue;
      if (field === 'description') picked.description = capText(value, limits.maxDescriptionChars, label, tally.descriptions) ?? value;
      else if (field === 'title') picked.title = capText(value, limits.maxTitleChars, label, tally.titles) ?? value;
      else if (SPEC_FIELDS[field] !== undefined) {
        // A malformed optional field is left out with a warning; it does not cost the whole entry.
        const kept = SPEC_FIELDS[field](value, limits);
        if (kept.problem !== undefined)
          warnings.addItem('ITEM_FIELD_IGNORED', `${spec.label} ${quoteName(label)}: ${terminalText(kept.problem, 300)}.`);
        if (kept.value !== undefined) picked[field] = kept.value;
      } else rest[field] = value;
    }
    const bounded = boundedCopy(rest, { maxDepth: 8, maxStringChars: limits.maxFieldChars, maxChars: limits.maxStructureChars });
    if (bounded.value === undefined) {
      warnings.addItem(spec.code, `${spec.label} #${position + 1} was dropped: its fields pass ${limits.maxStructureChars} characters.`);
      return undefined;
    }
    if (bounded.tooDeep || bounded.cutStrings) tally.fields.push(label);
    Object.assign(picked, bounded.value);
  }
  const parsed = spec.schema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `\`${issue.path.join('.')}\`: ` : '';
    warnings.addItem(spec.code, `${spec.label} #${position + 1} was dropped: ${where}${terminalText(issue?.message ?? 'invalid', 200)}.`);
    return undefined;
  }
  return parsed.data as z.infer<(typeof ITEM_KINDS)[K]['schema']>;
}
