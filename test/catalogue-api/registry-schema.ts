import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

/**
 * Validators for the official MCP Registry API's response schemas, compiled from the OpenAPI file shipped in
 * test/fixtures/registry/ (an excerpt of modelcontextprotocol/registry docs/reference/api/openapi.yaml). OpenAPI 3.1
 * schemas are JSON Schema 2020-12; `strict: false` lets Ajv skip the OpenAPI-only keywords (`example`, `paths`, …).
 */
export function registryValidators() {
  const doc = YAML.parse(readFileSync(new URL('../fixtures/registry/openapi.yaml', import.meta.url), 'utf8')) as { $id: string };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema(doc);
  const get = (name: string) => {
    const validate = ajv.getSchema(`${doc.$id}#/components/schemas/${name}`);
    if (validate === undefined) throw new Error(`no schema ${name} in the OpenAPI file`);
    return (value: unknown): string[] => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  };
  return { serverList: get('ServerList'), serverResponse: get('ServerResponse') };
}
