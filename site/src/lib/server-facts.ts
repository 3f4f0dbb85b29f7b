import type { ScanStatus, ServerRecord } from '../../../data/schema/index.ts';
import { clip } from './text.ts';

/** What each scan status means, for people. */
export const STATUS_TEXT: Record<ScanStatus, string> = {
  ok: 'scanned',
  timeout: 'timed out',
  spawn_failed: 'failed to start',
  init_failed: 'failed to initialise',
  protocol_error: 'broke the MCP protocol',
  auth_required: 'needs credentials',
  connection_refused: 'unreachable',
  http_error: 'HTTP error',
  not_mcp: 'not an MCP server',
  crashed: 'crashed',
  install_failed: 'failed to install',
  unsupported_runtime: 'runtime not supported by the scanner',
  resource_limit: 'went over its memory ceiling',
  needs_network: 'needs the network to start',
  needs_service: 'needs a local service',
  broken: 'broken as published',
};

/** `listed with placeholder credentials` when the tools were listed with made-up credentials, else undefined. */
export function credentialsNote(record: ServerRecord): string | undefined {
  if (record.scan.credentials !== 'placeholder') return undefined;
  const names = (record.scan.placeholders ?? []).map((name) => clip(name, 80));
  return `Listed with placeholder credentials${names.length > 0 ? ` (${names.join(', ')})` : ''}: the tools are what the server offers before it checks them.`;
}

/** Environment variables (names only) the server needs before it lists tools. */
export function requiredEnv(record: ServerRecord): string[] {
  const names = new Set<string>(record.scan.requiredEnv ?? []);
  for (const pkg of record.source.packages ?? []) {
    for (const variable of pkg.environmentVariables ?? []) if (variable.isRequired) names.add(variable.name);
  }
  for (const remote of record.source.remotes ?? []) {
    for (const header of remote.headers ?? []) if (header.isRequired) names.add(header.name);
  }
  return [...names].map((name) => clip(name, 80)).sort();
}

/** One sentence on why the tools are not listed, e.g. `Needs API_KEY to list tools.`; undefined for ok scans. */
export function statusSentence(record: ServerRecord): string | undefined {
  const { status } = record.scan;
  if (status === 'ok') return undefined;
  const env = requiredEnv(record);
  if (env.length > 0 && (status === 'auth_required' || status === 'spawn_failed' || status === 'init_failed' || status === 'crashed')) {
    return `Needs ${env.join(', ')} to list tools.`;
  }
  if (status === 'auth_required') return 'Needs credentials to list tools.';
  return `The last scan ${STATUS_TEXT[status]}, so its tools are not listed.`;
}

/** How to run the server: one command line per package and one URL per remote, built from the source entry. */
export function runInstructions(record: ServerRecord): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  for (const pkg of record.source.packages ?? []) {
    const id = clip(pkg.identifier, 200);
    const versioned = pkg.version === undefined ? id : `${id}@${clip(pkg.version, 60)}`;
    const args = (pkg.packageArguments ?? [])
      .map((arg) =>
        clip(
          arg.type === 'named'
            ? `${arg.name ?? ''} ${arg.value ?? arg.valueHint ?? ''}`.trim()
            : `<${arg.valueHint ?? arg.value ?? 'value'}>`,
          80,
        ),
      )
      .join(' ');
    const tail = args === '' ? '' : ` ${args}`;
    const byRegistry: Record<string, string> = {
      npm: `npx -y ${versioned}${tail}`,
      pypi: `uvx ${pkg.version === undefined ? id : `${id}==${clip(pkg.version, 60)}`}${tail}`,
      oci: `docker run -i --rm ${pkg.version === undefined ? id : `${id}:${clip(pkg.version, 60)}`}${tail}`,
      nuget: `dnx ${versioned}${tail}`,
      mcpb: `mcpb ${versioned}`,
    };
    out.push({ label: `${pkg.registryType} package`, text: byRegistry[pkg.registryType] ?? versioned });
  }
  for (const remote of record.source.remotes ?? []) out.push({ label: `remote (${remote.type})`, text: clip(remote.url, 300) });
  return out;
}
