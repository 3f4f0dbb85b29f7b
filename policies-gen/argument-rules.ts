import type { Classification } from '../data/schema/classification.ts';
import type { PolicyCondition, PolicyDenyIf } from '../data/schema/policy.ts';
import { compareCodeUnits } from './json-writer.ts';
import { PATH_ROOT_PLACEHOLDER, PATH_UNDER_ROOT_PATTERN, SQL_SELECT_PATTERN, SQL_SINGLE_STATEMENT_PATTERN } from './starter-rules.ts';

/** An argument rule derived from a tool's input schema, with its one-line rationale. */
export type ArgumentRule =
  | { kind: 'require'; condition: PolicyCondition; why: string }
  | { kind: 'deny_if'; rule: PolicyDenyIf; why: string };

/** Argument names we write rules for: plain identifiers, so `args.<name>` is unambiguous. */
const SAFE_FIELD = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const PATH_FIELD =
  /^(path|file|filename|file_?path|dir|directory|dirname|folder|source|destination|src|dest|target|root|cwd)$|(_path|Path|_dir|_file|_directory)$/i;
const SQL_FIELD = /^(sql|query|statement|sql_?query)$/i;
const MAX_ENUM_VALUES = 64;
const MAX_ENUM_STRING = 200;

/** Argument rules for an allowed (read or write) tool, from its input schema: enums, maxima, paths, SQL. */
export function argumentRules(
  inputSchema: Record<string, unknown>,
  classification: Classification,
): { rules: ArgumentRule[]; notes: string[] } {
  const rules: ArgumentRule[] = [];
  const notes: string[] = [];
  const properties = plainObject(inputSchema.properties);
  if (properties === undefined) return { rules, notes };
  const required = new Set(Array.isArray(inputSchema.required) ? inputSchema.required.filter((x) => typeof x === 'string') : []);
  const tags = new Set(classification.tags);
  let unsafeNames = 0;
  for (const name of Object.keys(properties).sort(compareCodeUnits)) {
    const property = plainObject(properties[name]);
    if (property === undefined) continue;
    if (!SAFE_FIELD.test(name)) {
      unsafeNames += 1;
      continue;
    }
    const path = `args.${name}`;
    const isRequired = required.has(name);
    const enumValues = usableEnum(property.enum);
    if (enumValues !== undefined) {
      const list = enumValues.map((value) => JSON.stringify(value)).join(', ');
      rules.push(
        isRequired
          ? {
              kind: 'require',
              condition: { path, op: 'in', value: enumValues },
              why: `\`${name}\` must be one of the declared values (${list}).`,
            }
          : {
              kind: 'deny_if',
              rule: {
                conditions: [{ path, op: 'not_in', value: enumValues }],
                on_deny: `\`${name}\` must be one of the values the tool declares.`,
              },
              why: `optional \`${name}\`, when given, must be one of the declared values (${list}).`,
            },
      );
    }
    const maximum = numericBound(property, 'maximum');
    const exclusive = numericBound(property, 'exclusiveMaximum');
    if (maximum !== undefined || exclusive !== undefined) {
      const [op, negated, bound, words] =
        maximum !== undefined ? (['lte', 'gt', maximum, 'at most'] as const) : (['lt', 'gte', exclusive!, 'below'] as const);
      rules.push(
        isRequired
          ? { kind: 'require', condition: { path, op, value: bound }, why: `\`${name}\` must be ${words} ${bound}, the declared maximum.` }
          : {
              kind: 'deny_if',
              rule: { conditions: [{ path, op: negated, value: bound }], on_deny: `\`${name}\` must be ${words} ${bound}.` },
              why: `optional \`${name}\`, when given, must be ${words} ${bound}, the declared maximum.`,
            },
      );
    }
    if (property.type === 'string' && tags.has('filesystem') && PATH_FIELD.test(name)) {
      if (isRequired) {
        rules.push({
          kind: 'require',
          condition: { path, op: 'regex', value: PATH_UNDER_ROOT_PATTERN },
          why: `\`${name}\` must be an absolute path under ${PATH_ROOT_PLACEHOLDER} with no \`..\` segment — replace ${PATH_ROOT_PLACEHOLDER} with the directory the agent may use.`,
        });
      } else notes.push(`optional path \`${name}\` is not restricted (a rule would deny calls that omit it); add one by hand if needed.`);
    }
    if (property.type === 'array' && tags.has('filesystem') && /paths$/i.test(name)) {
      notes.push(`\`${name}\` is a list of paths, which a regex cannot check one by one: restrict or deny this tool by hand.`);
    }
    if (property.type === 'string' && classification.class === 'read' && tags.has('database') && SQL_FIELD.test(name)) {
      if (isRequired) {
        rules.push(
          {
            kind: 'require',
            condition: { path, op: 'regex', value: SQL_SELECT_PATTERN },
            why: `\`${name}\` must start with SELECT: the tool is read-only.`,
          },
          {
            kind: 'require',
            condition: { path, op: 'regex', value: SQL_SINGLE_STATEMENT_PATTERN },
            why: `\`${name}\` must be a single statement: text after a \`;\` could chain a write.`,
          },
        );
      } else notes.push(`optional SQL \`${name}\` is not restricted (a rule would deny calls that omit it).`);
    }
  }
  if (unsafeNames > 0) notes.push(`${unsafeNames} argument name(s) are not plain identifiers and get no rules.`);
  return { rules, notes };
}

function plainObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function usableEnum(value: unknown): Array<string | number | boolean> | undefined {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ENUM_VALUES) return undefined;
  const usable = value.every(
    (item) =>
      (typeof item === 'string' && item.length <= MAX_ENUM_STRING) ||
      typeof item === 'boolean' ||
      (typeof item === 'number' && Number.isFinite(item)),
  );
  return usable ? [...(value as Array<string | number | boolean>)] : undefined;
}

function numericBound(property: Record<string, unknown>, key: 'maximum' | 'exclusiveMaximum'): number | undefined {
  const bound = property[key];
  const numeric = property.type === 'number' || property.type === 'integer';
  return numeric && typeof bound === 'number' && Number.isFinite(bound) ? bound : undefined;
}
