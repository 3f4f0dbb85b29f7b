import type { ScannedTool, ToolAnnotations } from '../../data/schema/index.ts';
import { describeValue, isJsonObject, quoteName } from './describe-value.ts';
import type { ScanLimits } from './scan-options.ts';
import { hashTool } from './tool-hash.ts';
import type { WarningLog } from './warning-log.ts';

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/** Records which caps bit, so one summary warning per cap can be written at the end. */
export interface TruncationTally {
  /** Names of items whose description was cut. */
  descriptions: string[];
  /** Names of tools whose schema was replaced by a stub. */
  schemas: string[];
}

/** Cuts an untrusted text to the cap, noting the item's name when it was cut. */
export function capText(text: unknown, max: number, name: string, tally: string[]): string | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.length <= max) return text;
  tally.push(name);
  return text.slice(0, max);
}

function capSchema(schema: Record<string, unknown>, limits: ScanLimits, name: string, tally: TruncationTally): Record<string, unknown> {
  const bytes = Buffer.byteLength(JSON.stringify(schema));
  if (bytes <= limits.maxSchemaBytes) return schema;
  tally.schemas.push(name);
  return { type: 'object', description: `(mcp-atlas: a schema of ${bytes} bytes was left out; the cap is ${limits.maxSchemaBytes})` };
}

function cleanAnnotations(raw: unknown, name: string, warnings: WarningLog): ToolAnnotations | undefined {
  if (raw === undefined) return undefined;
  if (!isJsonObject(raw)) {
    warnings.addItem(
      'TOOL_FIELD_IGNORED',
      `Tool ${quoteName(name)}: \`annotations\` is ${describeValue(raw)}, not an object, and was ignored.`,
    );
    return undefined;
  }
  const annotations: Record<string, unknown> = { ...raw };
  for (const hint of HINTS) {
    if (hint in annotations && typeof annotations[hint] !== 'boolean') {
      warnings.addItem(
        'TOOL_FIELD_IGNORED',
        `Tool ${quoteName(name)}: annotation \`${hint}\` is ${describeValue(annotations[hint])}, not a boolean, and was ignored.`,
      );
      delete annotations[hint];
    }
  }
  if ('title' in annotations && typeof annotations.title !== 'string') {
    delete annotations.title;
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
  const title = typeof raw.title === 'string' ? raw.title : undefined;
  const description = capText(raw.description, limits.maxDescriptionChars, name, tally.descriptions);
  const annotations = cleanAnnotations(raw.annotations, name, warnings);
  const fields = {
    name,
    ...(title === undefined ? {} : { title }),
    ...(description === undefined ? {} : { description }),
    inputSchema,
    ...(outputSchema === undefined ? {} : { outputSchema }),
    ...(annotations === undefined ? {} : { annotations }),
  };
  return { ...fields, hash: hashTool(fields) };
}
