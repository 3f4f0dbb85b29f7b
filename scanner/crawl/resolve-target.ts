import type { InputVariables, Package, PackageArgument, Remote, SourceEntry } from '../../data/schema/index.ts';
import { PLACEHOLDER_SECRET } from './placeholders.ts';

/** Stands for the per-server temp folder in arguments, replaced when the server is started. */
export const CWD_TOKEN = '\u0000cwd\u0000';

/** How the crawler will reach one source entry. */
export type ScanPlan =
  | {
      kind: 'npm';
      /** The npm package to install and start with Node. */
      pkg: Package;
      /** Arguments after the bin path (may contain {@link CWD_TOKEN}). */
      args: string[];
      /** Declared non-secret values and defaults only. */
      env: Record<string, string>;
      /** Credentials the entry declares as required (never passed). */
      requiredEnv: string[];
    }
  | {
      kind: 'remote';
      /** The remote entry. */
      remote: Remote;
      /** URL with `{variables}` replaced by their defaults. */
      url: string;
      /** Declared non-secret header values. */
      headers: Record<string, string>;
      /** Secret or unresolved headers and variables the remote needs. */
      requiredEnv: string[];
    }
  | {
      kind: 'unsupported';
      /** Why this machine cannot start it (names the runtime). */
      reason: string;
      /** What the scan record should say was started. */
      command: string;
      /** The package identifier or URL. */
      args: string[];
      requiredEnv: string[];
    };

const PATH_HINT = /dir|path|folder|root|workspace|repo|allowed/i;
/** `{api_key}`, `${HOME}` or a whole `<your-key>` value: a placeholder for the user to fill in, not a value. */
const PLACEHOLDER = /^\s*<[^>]*>\s*$|\{[^}]*\}|\$\{/;

const usable = (value: string | undefined): value is string => value !== undefined && value !== '' && !PLACEHOLDER.test(value);

/**
 * Fills the `{name}` placeholders of a value from its `variables` (`value`, else `default`). A secret variable, or one
 * with no usable value, or one not declared at all, stays a placeholder and its name goes to `missing`: the caller
 * then treats the whole value as unset (a placeholder is never passed as if it were a value).
 */
export function fillVariables(text: string | undefined, variables: InputVariables | undefined, missing: string[]): string | undefined {
  if (text === undefined || !text.includes('{')) return text;
  return text.replace(/\{([A-Za-z_][\w.-]*)\}/g, (whole, name: string) => {
    const variable = variables?.[name];
    const value = variable?.value ?? variable?.default;
    if (variable?.isSecret !== true && usable(value)) return value;
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
}

/** What a required argument's hint says it holds: a credential gets the placeholder secret, anything else a plain word. */
const SECRET_HINT = /token|key|secret|password|credential|auth/i;
const URL_HINT = /url|uri|endpoint|host/i;

function argumentValue(argument: PackageArgument): string | undefined {
  const value = fillVariables(argument.value ?? argument.default, argument.variables, []);
  if (usable(value)) return value;
  // A required path argument (server-filesystem's allowed directory) gets the per-server temp folder.
  const hint = `${argument.valueHint ?? ''} ${argument.name ?? ''} ${argument.description ?? ''}`;
  if (argument.isRequired === true || argument.type === 'positional') if (PATH_HINT.test(hint)) return CWD_TOKEN;
  // Any other required argument with a hint (the registry's `isRequired` + `valueHint`) gets a placeholder, so the
  // server starts far enough to list its tools; which ones is recorded by the caller.
  if (argument.isRequired === true && argument.valueHint !== undefined) {
    if (SECRET_HINT.test(hint)) return PLACEHOLDER_SECRET;
    return URL_HINT.test(hint) ? 'http://127.0.0.1:9/' : 'placeholder';
  }
  return undefined;
}

/** Command-line arguments from `packageArguments`: values, defaults, or the temp folder for required paths. */
export function buildArguments(pkg: Package): string[] {
  const args: string[] = [];
  for (const argument of pkg.packageArguments ?? []) {
    const value = argumentValue(argument);
    if (argument.type === 'named') {
      if (argument.name === undefined || !/^-{1,2}[A-Za-z0-9][\w.-]*$/.test(argument.name)) continue;
      if (value !== undefined) args.push(argument.name, value);
      else if (argument.isRequired === true && argument.value === undefined && argument.valueHint === undefined) args.push(argument.name);
    } else if (value !== undefined) {
      args.push(value);
    }
  }
  return args;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Environment from `environmentVariables`: declared non-secret values/defaults only. Required secrets are listed, never set. */
export function buildEnvironment(pkg: Package): { env: Record<string, string>; requiredEnv: string[] } {
  const env: Record<string, string> = {};
  const requiredEnv: string[] = [];
  for (const variable of pkg.environmentVariables ?? []) {
    if (!ENV_NAME.test(variable.name)) continue;
    const missing: string[] = [];
    const value = fillVariables(variable.value ?? variable.default, variable.variables, missing);
    if (variable.isSecret !== true && usable(value)) env[variable.name] = value;
    else if (variable.isRequired === true) requiredEnv.push(variable.name, ...missing.filter((name) => ENV_NAME.test(name)));
  }
  return { env, requiredEnv };
}

function planRemote(remote: Remote): ScanPlan {
  const requiredEnv: string[] = [];
  const url = fillVariables(remote.url, remote.variables, requiredEnv) ?? remote.url;
  const headers: Record<string, string> = {};
  for (const header of remote.headers ?? []) {
    const missing: string[] = [];
    // A header's placeholders come from its own variables, else the remote's (`Bearer {token}` beside `{host}`).
    const value = fillVariables(header.value ?? header.default, { ...remote.variables, ...header.variables }, missing);
    if (header.isSecret !== true && usable(value)) headers[header.name] = value;
    else if (header.isRequired === true) requiredEnv.push(...[header.name, ...missing].filter((name) => !requiredEnv.includes(name)));
  }
  return { kind: 'remote', remote, url, headers, requiredEnv };
}

const RUNTIMES: Record<string, { command: string; reason: string }> = {
  pypi: { command: 'uvx', reason: 'PyPI package: needs a Python runtime (uvx/pipx), which this crawl machine does not have' },
  oci: { command: 'docker', reason: 'OCI image: needs a container engine (Docker/Podman), which this crawl machine does not have' },
  nuget: { command: 'dnx', reason: 'NuGet package: needs the .NET runtime (dnx), which this crawl machine does not have' },
  mcpb: { command: 'mcpb', reason: 'MCP bundle (.mcpb): bundles are not unpacked by the crawler yet' },
};

/**
 * Decides how to reach a source entry: an npm package over stdio first (no network needed once cached),
 * then an npm package serving HTTP, then a remote (streamable-http before sse), else the first package's runtime,
 * which this machine does not have.
 */
export function planScan(source: SourceEntry): ScanPlan {
  const packages = source.packages ?? [];
  const npm = packages.filter((pkg) => pkg.registryType === 'npm');
  const stdioNpm = npm.find((pkg) => (pkg.transport?.type ?? 'stdio') === 'stdio');
  const chosen = stdioNpm ?? npm[0];
  if (chosen !== undefined && (chosen.transport?.type ?? 'stdio') === 'stdio') {
    const { env, requiredEnv } = buildEnvironment(chosen);
    return { kind: 'npm', pkg: chosen, args: buildArguments(chosen), env, requiredEnv };
  }
  const remotes = [...(source.remotes ?? [])].sort((a, b) => (a.type === b.type ? 0 : a.type === 'streamable-http' ? -1 : 1));
  const remote = remotes[0];
  if (remote !== undefined) return planRemote(remote);
  if (chosen !== undefined) {
    return {
      kind: 'unsupported',
      reason: `npm package serving ${chosen.transport?.type} on a local port: starting HTTP packages is not supported by the crawler yet`,
      command: 'node',
      args: [chosen.identifier],
      requiredEnv: buildEnvironment(chosen).requiredEnv,
    };
  }
  const first = packages[0];
  if (first !== undefined) {
    const runtime = (Object.hasOwn(RUNTIMES, first.registryType) ? RUNTIMES[first.registryType] : undefined) ?? {
      command: first.registryType.replace(/[^\w.-]/g, '_').slice(0, 40),
      reason: `unknown package type \`${first.registryType.slice(0, 40)}\`: the crawler can start npm packages and reach remotes only`,
    };
    return {
      kind: 'unsupported',
      reason: runtime.reason,
      command: first.runtimeHint ?? runtime.command,
      args: [first.identifier],
      requiredEnv: buildEnvironment(first).requiredEnv,
    };
  }
  return { kind: 'unsupported', reason: 'the entry lists neither packages nor remotes', command: 'none', args: [], requiredEnv: [] };
}
