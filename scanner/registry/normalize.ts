/**
 * Normalises the older snake_case `server.json` variant (2025-07: `registry_type`, `runtime_hint`,
 * `environment_variables`, `package_arguments`, …; earlier previews: `registry_name` + `name`) into the current camelCase shape.
 * Only structural keys are renamed: `_meta`, remote `variables` and header/variable names are user data and kept verbatim.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

const camel = (key: string): string => key.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());

/** Renames snake_case keys of one object to camelCase; an existing camelCase key wins over its snake_case twin. */
function camelKeys(object: Json, keep: ReadonlySet<string> = new Set()): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) {
    if (keep.has(key) || !key.includes('_') || key.startsWith('_')) {
      out[key] = value;
    }
  }
  for (const [key, value] of Object.entries(object)) {
    if (keep.has(key) || !key.includes('_') || key.startsWith('_')) continue;
    const renamed = camel(key);
    if (!(renamed in out)) out[renamed] = value;
  }
  return out;
}

const mapArray = (value: unknown, fn: (item: Json) => Json): unknown =>
  Array.isArray(value) ? value.map((item) => (isObject(item) ? fn(item) : item)) : value;

function normaliseArgument(argument: Json): Json {
  return camelKeys(argument);
}

function normalisePackage(input: Json): Json {
  const pkg = camelKeys(input);
  if (pkg.registryType === undefined && typeof pkg.registryName === 'string') pkg.registryType = pkg.registryName;
  if (pkg.identifier === undefined && typeof pkg.name === 'string') pkg.identifier = pkg.name;
  if (typeof pkg.transport === 'string') pkg.transport = { type: pkg.transport };
  if (isObject(pkg.transport)) pkg.transport = camelKeys(pkg.transport);
  pkg.environmentVariables = mapArray(pkg.environmentVariables, normaliseArgument);
  pkg.packageArguments = mapArray(pkg.packageArguments, normaliseArgument);
  pkg.runtimeArguments = mapArray(pkg.runtimeArguments, normaliseArgument);
  for (const key of ['environmentVariables', 'packageArguments', 'runtimeArguments']) if (pkg[key] === undefined) delete pkg[key];
  return pkg;
}

function normaliseRemote(input: Json): Json {
  const remote = camelKeys(input, new Set(['variables']));
  if (remote.type === undefined && typeof remote.transportType === 'string') remote.type = remote.transportType;
  remote.headers = mapArray(remote.headers, normaliseArgument);
  if (remote.headers === undefined) delete remote.headers;
  return remote;
}

/** Returns a camelCase `server.json` object from either variant. Non-objects are returned as they are (the schema rejects them). */
export function normaliseServerJson(input: unknown): unknown {
  if (!isObject(input)) return input;
  const server = camelKeys(input);
  // Preview entries (2025-05) nest the version: `version_detail: {version, release_date, is_latest}`.
  if (server.version === undefined && isObject(server.versionDetail) && typeof server.versionDetail.version === 'string') {
    server.version = server.versionDetail.version;
  }
  if (isObject(server.repository)) server.repository = camelKeys(server.repository);
  if (Array.isArray(server.packages)) server.packages = mapArray(server.packages, normalisePackage);
  if (Array.isArray(server.remotes)) server.remotes = mapArray(server.remotes, normaliseRemote);
  return server;
}
