import type { ScannedTool, ToolAnnotations } from '../../data/schema/index.ts';
import { boundedCopy, cutText, deeperThan } from './bounded-json.ts';
import { describeValue, isJsonObject, quoteName } from './describe-value.ts';
import type { ScanLimits } from './scan-options.ts';
import { type Kept, keepExecution, keepIcons, keepObject } from './spec-fields.ts';
import { hashTool } from './tool-hash.ts';
import type { WarningLog } from './warning-log.ts';

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/** Records which caps bit, so one summary warning per cap can be written at the end. */
export interface TruncationTally {
  /** Names of items whose description was cut. */
  descriptions: string[];
  /** Names of tools whose schema was replaced by a stub for its size. */
  schemas: string[];
  /** Names of tools whose schema was replaced by a stub for its depth. */
  deepSchemas: string[];
  /** Names of items whose title was cut. */
  titles: string[];
  /** Names of items (and `serverInfo`) with another field cut or left out. */
  fields: string[];
}

/** An empty tally. */
export function newTally(): TruncationTally {
  return { descriptions: [], schemas: [], deepSchemas: [], titles: [], fields: [] };
}

/** Cuts an untrusted text to the cap (a fresh copy, see `cutText`), noting the item's name when it was cut. */
export function capText(text: unknown, max: number, name: string, tally: string[]): string | undefined {
  const cut = cutText(text, max);
  if (cut?.cut) tally.push(name);
  return cut?.text;
}

function capSchema(schema: Record<string, unknown>, limits: ScanLimits, name: string, tally: TruncationTally): Record<string, unknown> {
  // Depth first, without recursion: everything downstream (hashing, the classifier, the site) walks schemas.
  if (deeperThan(schema, limits.maxDepth)) {
    tally.deepSchemas.push(name);
    return { type: 'object', description: `(mcp-atlas: a schema nested more than ${limits.maxDepth} levels deep was left out)` };
  }
  const bytes = Buffer.byteLength(JSON.stringify(schema));
  if (bytes <= limits.maxSchemaBytes) return schema;
  tally.schemas.push(name);
  return { type: 'object', description: `(mcp-atlas: a schema of ${bytes} bytes was left out; the cap is ${limits.maxSchemaBytes})` };
}

function cleanAnnotations(
  raw: unknown,
  name: string,
  limits: ScanLimits,
  warnings: WarningLog,
  tally: TruncationTally,
): ToolAnnotations | undefined {
  if (raw === undefined) return undefined;
  if (!isJsonObject(raw)) {
    warnings.addItem(
      'TOOL_FIELD_IGNORED',
      `Tool ${quoteName(name)}: \`annotations\` is ${describeValue(raw)}, not an object, and was ignored.`,
    );
    return undefined;
  }
  const annotations: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if ((HINTS as readonly string[]).includes(key)) {
      if (typeof value === 'boolean') annotations[key] = value;
      else
        warnings.addItem(
          'TOOL_FIELD_IGNORED',
          `Tool ${quoteName(name)}: annotation \`${key}\` is ${describeValue(value)}, not a boolean, and was ignored.`,
        );
    } else if (key === 'title') {
      const title = capText(value, limits.maxTitleChars, name, tally.titles);
      if (title !== undefined) annotations.title = title;
    } else if (value !== undefined) {
      extra[key] = value;
    }
  }
  // Keys the spec does not define are kept (and checked for poisoning), within bounds.
  if (Object.keys(extra).length > 0) {
    const bounded = boundedCopy(extra, { maxDepth: 16, maxStringChars: limits.maxFieldChars, maxChars: limits.maxStructureChars });
    if (bounded.value === undefined || bounded.tooDeep || bounded.cutStrings) tally.fields.push(name);
    if (bounded.value !== undefined) Object.assign(annotations, bounded.value);
  }
  return annotations as ToolAnnotations;
}

/** Why a raw tool cannot be kept, or undefined when it can. */
function dropReason(raw: unknown, limits: ScanLimits): string | undefined {
  if (!isJsonObject(raw)) return `is ${describeValue(raw)}, not an object`;
  if (!('name' in raw)) return 'has no name';
  if (typeof raw.name !== 'string') return `has a name that is ${describeValue(raw.name)}, not a string`;
  if (raw.name === '') return 'has an empty name';
  if (raw.name.length > limits.maxNameChars) return `has a name of ${raw.name.length} characters (the cap is ${limits.maxNameChars})`;
  if (!('inputSchema' in raw)) return 'has no inputSchema';
  if (!isJsonObject(raw.inputSchema)) return `has an inputSchema that is ${describeValue(raw.inputSchema)}, not an object`;
  return undefined;
}

/**
 * Turns one raw `tools/list` entry into a ScannedTool, or undefined (with a `TOOL_DROPPED` warning)
 * when it breaks the schema. Optional fields of the wrong type are ignored rather than dropping the tool.
 */
export function salvageTool(
  raw: unknown,
  position: number,
  limits: ScanLimits,
  warnings: WarningLog,
  tally: TruncationTally,
): ScannedTool | undefined {
  const reason = dropReason(raw, limits);
  if (reason !== undefined || !isJsonObject(raw)) {
    const label = isJsonObject(raw) && typeof raw.name === 'string' ? `Tool ${quoteName(raw.name)}` : `Tool #${position + 1}`;
    warnings.addItem('TOOL_DROPPED', `${label} was dropped: it ${reason}.`);
    return undefined;
  }
  const name = raw.name as string;
  const inputSchema = capSchema(raw.inputSchema as Record<string, unknown>, limits, name, tally);
  let outputSchema: Record<string, unknown> | undefined;
  if (raw.outputSchema !== undefined) {
    if (isJsonObject(raw.outputSchema)) {
      outputSchema = capSchema(raw.outputSchema, limits, name, tally);
    } else {
      warnings.addItem(
        'TOOL_FIELD_IGNORED',
        `Tool ${quoteName(name)}: \`outputSchema\` is ${describeValue(raw.outputSchema)}, not an object, and was ignored.`,
      );
    }
  }
  const title = capText(raw.title, limits.maxTitleChars, name, tally.titles);
  const description = capText(raw.description, limits.maxDescriptionChars, name, tally.descriptions);
  const annotations = cleanAnnotations(raw.annotations, name, limits, warnings, tally);
  const kept = <T>(field: Kept<T>): T | undefined => {
    if (field.problem !== undefined) warnings.addItem('TOOL_FIELD_IGNORED', `Tool ${quoteName(name)}: ${field.problem}.`);
    return field.value;
  };
  const icons = kept(keepIcons(raw.icons, limits));
  const execution = kept(keepExecution(raw.execution, limits));
  const meta = kept(keepObject(raw._meta, '_meta', limits));
  const fields = {
    name,
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    inputSchema,
    ...(outputSchema === undefined ? {} : { outputSchema }),
    ...(annotations === undefined ? {} : { annotations }),
    ...(icons === undefined ? {} : { icons }),
    ...(execution === undefined ? {} : { execution }),
    ...(meta === undefined ? {} : { _meta: meta }),
  };
  // Absent fields are left out of the hash, so a tool that declares none of the newer fields hashes as it always did.
  return { ...fields, hash: hashTool(fields) };
}
