import { z } from 'zod';

/**
 * A crawl source entry in the official MCP Registry's `server.json` shape
 * (https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json), camelCase.
 * The crawler normalises the older snake_case variant into this shape before validating.
 * Unknown fields are kept (passthrough) so registry entries round-trip.
 */
/** Values for `{name}` placeholders in a value, default or URL (`{"host": {"default": "api.example.com"}}`). */
export const InputVariablesSchema = z
  .record(
    z.string(),
    z
      .object({
        value: z.string().optional(),
        default: z.string().optional(),
        isSecret: z.boolean().optional().describe('A credential: left as a placeholder, named as required.'),
        isRequired: z.boolean().optional(),
        description: z.string().optional(),
      })
      .passthrough(),
  )
  .describe('Values for `{name}` placeholders: `value`, else `default`; secret or unknown ones stay placeholders.');
export type InputVariables = z.infer<typeof InputVariablesSchema>;

export const EnvironmentVariableSchema = z
  .object({
    name: z.string().min(1).describe('Variable name, e.g. `GITHUB_TOKEN`.'),
    description: z.string().optional().describe('What it is for.'),
    isRequired: z.boolean().optional().describe('The server cannot start or list tools without it.'),
    isSecret: z.boolean().optional().describe('A credential: never recorded, never displayed.'),
    default: z.string().optional().describe('Default value.'),
    format: z.string().optional().describe('Value format hint.'),
    value: z.string().optional().describe('Value to pass (non-secret placeholders only).'),
    variables: InputVariablesSchema.optional(),
  })
  .passthrough();
export type EnvironmentVariable = z.infer<typeof EnvironmentVariableSchema>;

export const PackageArgumentSchema = z
  .object({
    type: z.enum(['positional', 'named']).describe('Positional value or named flag.'),
    name: z.string().optional().describe('Flag name for named arguments, e.g. `--port`.'),
    value: z.string().optional().describe('Value to pass.'),
    valueHint: z.string().optional().describe('Placeholder describing the value.'),
    default: z.string().optional().describe('Default value.'),
    isRequired: z.boolean().optional(),
    description: z.string().optional(),
    variables: InputVariablesSchema.optional(),
  })
  .passthrough();
export type PackageArgument = z.infer<typeof PackageArgumentSchema>;

export const TransportSpecSchema = z
  .object({
    type: z.enum(['stdio', 'streamable-http', 'sse']).describe('How to talk to the started package.'),
    url: z.string().optional().describe('For HTTP transports: the URL once started.'),
  })
  .passthrough();

export const PackageSchema = z
  .object({
    registryType: z
      .string()
      .min(1)
      .describe('Which package registry holds it: `npm`, `pypi`, `oci`, `nuget`, `mcpb`, or another (kept, and recorded as unsupported).'),
    registryBaseUrl: z.string().optional(),
    identifier: z.string().min(1).describe('Package name, e.g. `@modelcontextprotocol/server-memory`.'),
    version: z.string().optional().describe('Exact version to install; absent means latest.'),
    transport: TransportSpecSchema.optional().describe('Defaults to stdio.'),
    runtimeHint: z.string().optional().describe('`npx`, `uvx`, `docker`, `dnx`.'),
    runtimeArguments: z.array(PackageArgumentSchema).optional(),
    packageArguments: z.array(PackageArgumentSchema).optional().describe('Arguments passed to the started server.'),
    environmentVariables: z.array(EnvironmentVariableSchema).optional().describe('Environment the server reads.'),
    fileSha256: z.string().optional(),
  })
  .passthrough();
export type Package = z.infer<typeof PackageSchema>;

export const RemoteSchema = z
  .object({
    type: z.enum(['streamable-http', 'sse']).describe('Remote transport.'),
    url: z.string().min(1).describe('Endpoint URL, possibly with `{variable}` placeholders.'),
    headers: z.array(EnvironmentVariableSchema).optional().describe('Headers it needs (name, isSecret, isRequired).'),
    variables: InputVariablesSchema.optional(),
  })
  .passthrough();
export type Remote = z.infer<typeof RemoteSchema>;

export const SourceEntrySchema = z
  .object({
    name: z.string().min(1).describe('Reverse-DNS or package-style name, e.g. `io.github.user/weather`.'),
    description: z.string().optional().describe('Short description.'),
    title: z.string().optional(),
    version: z.string().optional().describe('Version of the server entry.'),
    websiteUrl: z.string().optional(),
    repository: z
      .object({ url: z.string().optional(), source: z.string().optional(), subfolder: z.string().optional() })
      .passthrough()
      .optional(),
    packages: z.array(PackageSchema).optional(),
    remotes: z.array(RemoteSchema).optional(),
    _meta: z.record(z.string(), z.unknown()).optional().describe('Registry metadata, kept verbatim.'),
  })
  .passthrough();
export type SourceEntry = z.infer<typeof SourceEntrySchema>;

/** `data/sources.json`. */
export const SourcesFileSchema = z.object({
  $schema: z.string().optional(),
  servers: z.array(SourceEntrySchema).describe('Servers the crawl visits.'),
});
export type SourcesFile = z.infer<typeof SourcesFileSchema>;
