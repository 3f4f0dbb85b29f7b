/**
 * Turns an untrusted, unknown-shaped tool definition into the small normalised view the classifier reads.
 * Never throws: missing or wrongly typed fields become empty values.
 */

/** A tool as a server lists it. Everything is untrusted and may be missing or mistyped. */
export interface ToolInput {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  annotations?: unknown;
}

/** One top-level input parameter, as far as the classifier cares. */
export interface ParamInfo {
  /** Parameter name as declared. */
  name: string;
  /** Lower-cased name with separators removed (`file_path` -> `filepath`). */
  key: string;
  /** JSON Schema `type` (first one when an array), or '' when absent. */
  type: string;
  /** Parameter description ('' when absent). */
  description: string;
  /**
   * String values the schema allows, as declared (case kept, so `deleteRoute` still splits into words): `enum`,
   * `const` and union consts, also under `items`. One shared empty array otherwise.
   */
  enumValues: readonly string[];
  /** Whether it is in `required`. */
  required: boolean;
  /**
   * Operation names one level down, as declared: the `action`/`operation`/`type` enum of an array's item objects
   * (`operations: [{ operation: 'delete' }]`) and the `type`/`action` consts of an `anyOf`/`oneOf` union of objects
   * (`action: { type: 'exec-page', … }`). One shared empty array when there are none.
   */
  nestedActions: readonly string[];
  /**
   * Operation names found deeper in an object or array parameter (to depth 4), and `js:<key>` for nested properties
   * described as running JavaScript or scripts. One shared empty array when there are none.
   */
  deepActions: readonly string[];
  /** Compacted property names of the members of an `anyOf`/`oneOf` union of objects (one shared empty array when none). */
  nestedKeys: readonly string[];
}

/** The normalised tool the classifier and the finders work on. */
export interface NormalTool {
  name: string;
  title: string;
  description: string;
  params: ParamInfo[];
  /** Raw annotations object, or undefined when absent or not an object. */
  annotations: Record<string, unknown> | undefined;
}

/** Tools with absurd schemas are read up to this many parameters. */
const MAX_PARAMS = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function typeOf(schema: Record<string, unknown>): string {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return str(t.find((x) => x !== 'null'));
  if (Array.isArray(schema.anyOf)) {
    for (const alt of schema.anyOf) if (isRecord(alt) && typeof alt.type === 'string' && alt.type !== 'null') return alt.type;
  }
  return '';
}

const NO_ENUM: readonly string[] = Object.freeze([]);

function pushStrings(values: readonly unknown[], out: string[]): void {
  for (const v of values) if (typeof v === 'string' && out.length < 64) out.push(v);
}

/** String values a schema allows: `enum`, `const`, the consts of an `anyOf`/`oneOf`, and the same under `items`. */
function enumOf(schema: Record<string, unknown>): readonly string[] {
  const out: string[] = [];
  pushEnumValues(schema, out);
  if (isRecord(schema.items)) pushEnumValues(schema.items, out);
  return out.length === 0 ? NO_ENUM : out;
}

function pushEnumValues(s: Record<string, unknown>, out: string[]): void {
  if (Array.isArray(s.enum)) pushStrings(s.enum, out);
  if (typeof s.const === 'string') out.push(s.const);
  const union = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined;
  if (union !== undefined)
    for (const alt of union) {
      if (!isRecord(alt)) continue;
      if (typeof alt.const === 'string' && out.length < 64) out.push(alt.const);
      if (Array.isArray(alt.enum)) pushStrings(alt.enum, out);
    }
}

/** Keys that name the operation inside a nested object or a union member. */
const NESTED_ACTION_KEYS = new Set(['action', 'operation', 'op', 'type', 'mode', 'command']);

function pushActionValues(props: Record<string, unknown>, out: string[]): void {
  for (const key of Object.keys(props)) {
    if (!NESTED_ACTION_KEYS.has(key)) continue;
    const sub = props[key];
    if (!isRecord(sub)) continue;
    if (typeof sub.const === 'string' && out.length < 64) out.push(sub.const);
    if (Array.isArray(sub.enum)) pushStrings(sub.enum, out);
  }
}

/** Operation names one level down (see `ParamInfo.nestedActions`); only schemas with items or unions pay for this. */
function nestedActionsOf(schema: Record<string, unknown>): readonly string[] {
  const items = schema.items;
  const union = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (!isRecord(items) && union === undefined) return NO_ENUM;
  const out: string[] = [];
  if (isRecord(items) && isRecord(items.properties)) pushActionValues(items.properties, out);
  if (union !== undefined) {
    for (const alt of union) if (isRecord(alt) && isRecord(alt.properties)) pushActionValues(alt.properties, out);
  }
  return out.length === 0 ? NO_ENUM : out;
}

const DEEP_DEPTH = 4;
const DEEP_NODES = 160;

/**
 * Operation names and code-running descriptions deeper down (`scrapeOptions.actions[].type: executeJavascript`):
 * values of action-like keys, and `js:<key>` for a property whose description says it runs JavaScript or a script.
 * A bounded walk (depth and node budget), since schemas are untrusted.
 */
function deepActionsOf(schema: Record<string, unknown>): readonly string[] {
  const out: string[] = [];
  let budget = DEEP_NODES;
  const walk = (node: unknown, depth: number): void => {
    if (!isRecord(node) || depth > DEEP_DEPTH || budget-- <= 0 || out.length >= 32) return;
    if (isRecord(node.properties)) {
      const props = node.properties;
      for (const key of Object.keys(props)) {
        const sub = props[key];
        if (!isRecord(sub)) continue;
        if (NESTED_ACTION_KEYS.has(key)) {
          if (typeof sub.const === 'string') out.push(sub.const);
          if (Array.isArray(sub.enum)) pushStrings(sub.enum, out);
        }
        if (typeof sub.description === 'string' && RUNS_SCRIPT.test(sub.description)) out.push(`js:${key}`);
        walk(sub, depth + 1);
      }
    }
    if (isRecord(node.items)) walk(node.items, depth + 1);
    walkUnion(node.anyOf, depth + 1);
    walkUnion(node.oneOf, depth + 1);
    walkUnion(node.allOf, depth + 1);
  };
  /** The first 16 members of a union, if `union` is one. */
  const walkUnion = (union: unknown, depth: number): void => {
    if (!Array.isArray(union)) return;
    for (let i = 0; i < union.length && i < 16; i++) walk(union[i], depth);
  };
  walk(schema, 0);
  return out.length === 0 ? NO_ENUM : out;
}
const RUNS_SCRIPT = /\b(?:execut\w*|run|runs|evaluat\w*|inject\w*)\b[^.]{0,40}\b(?:javascript|js|script|scripts|code)\b/i;

/** Property names of a union's object members, compacted like `key`. */
function nestedKeysOf(schema: Record<string, unknown>): readonly string[] {
  const union = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (union === undefined) return NO_ENUM;
  const out: string[] = [];
  for (const alt of union) {
    if (!isRecord(alt) || !isRecord(alt.properties)) continue;
    for (const key of Object.keys(alt.properties)) if (out.length < 64) out.push(compactKey(key));
  }
  return out.length === 0 ? NO_ENUM : out;
}

/** Lower-cases and drops everything but letters and digits (`file_path` -> `filepath`). */
function compactKey(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return name.toLowerCase().replace(NOT_KEY_CHAR, '');
  }
  return name;
}
const NOT_KEY_CHAR = /[^a-z0-9]/g;

/** Extracts the top-level parameters of a JSON Schema object (unknown shape tolerated). */
export function readParams(inputSchema: unknown): ParamInfo[] {
  if (!isRecord(inputSchema) || !isRecord(inputSchema.properties)) return [];
  // `required` is usually a handful of names: a linear scan beats building a set; huge lists still get one.
  const requiredList: readonly unknown[] = Array.isArray(inputSchema.required) ? inputSchema.required : NO_ENUM;
  const requiredSet = requiredList.length > 16 ? new Set(requiredList) : undefined;
  const params: ParamInfo[] = [];
  const properties = inputSchema.properties;
  for (const name of Object.keys(properties)) {
    if (params.length >= MAX_PARAMS) break;
    const raw = properties[name];
    const schema = isRecord(raw) ? raw : {};
    // Most parameters are scalars: skip the nested look-ups unless the schema has items or a union.
    const nests = schema.items !== undefined || schema.anyOf !== undefined || schema.oneOf !== undefined;
    const deep = nests || schema.properties !== undefined;
    params.push({
      name,
      key: compactKey(name),
      type: typeOf(schema),
      description: str(schema.description),
      enumValues: enumOf(schema),
      required: requiredSet === undefined ? requiredList.includes(name) : requiredSet.has(name),
      nestedActions: nests ? nestedActionsOf(schema) : NO_ENUM,
      nestedKeys: nests ? nestedKeysOf(schema) : NO_ENUM,
      deepActions: deep ? deepActionsOf(schema) : NO_ENUM,
    });
  }
  return params;
}

/** Normalises an unknown-shaped tool. */
export function normaliseTool(tool: unknown): NormalTool {
  const t = isRecord(tool) ? tool : {};
  return {
    name: str(t.name),
    title: str(t.title) || (isRecord(t.annotations) ? str(t.annotations.title) : ''),
    description: str(t.description),
    params: readParams(t.inputSchema),
    annotations: isRecord(t.annotations) ? t.annotations : undefined,
  };
}
