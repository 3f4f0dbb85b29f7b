import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Prompt, Resource, ResourceTemplate, ScannedTool, ScanResult, ServerInfo } from '../../data/schema/index.ts';
import { SCANNER_VERSION } from '../version.ts';
import { seconds, shortText } from './error-facts.ts';
import { HttpSession } from './http-session.ts';
import { type ListPagesOptions, type ListSpec, listPages } from './list-pages.ts';
import { SCAN_CLIENT_CAPABILITIES } from './mcp-client.ts';
import { type ItemKind, salvageItem } from './salvage-items.ts';
import { capText, newTally, salvageTool, type TruncationTally } from './salvage-tools.ts';
import { ScanError } from './scan-error.ts';
import { DEFAULT_LIMITS, DEFAULT_TIMEOUTS, type ScanLimits, type ScanOptions, type ScanTarget } from './scan-options.ts';
import type { ServerSession } from './session.ts';
import { keepIcons } from './spec-fields.ts';
import { StdioSession } from './stdio-session.ts';
import { WarningLog } from './warning-log.ts';

export { DEFAULT_LIMITS, DEFAULT_TIMEOUTS, type ScanLimits, type ScanOptions, type ScanTarget } from './scan-options.ts';

/** What a scan has gathered so far; filled in as it goes, so a timeout keeps what was listed. */
interface Gathered {
  protocolVersion?: string;
  serverInfo?: ServerInfo;
  capabilities?: Record<string, unknown>;
  tools: ScannedTool[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
}

interface ScanContext {
  session: ServerSession;
  limits: ScanLimits;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  signal: AbortSignal;
  warnings: WarningLog;
  tally: TruncationTally;
  gathered: Gathered;
  progress: (line: string) => void;
}

const ITEM_LISTS: { kind: ItemKind; spec: ListSpec; capability: 'prompts' | 'resources'; capCode: string }[] = [
  { kind: 'prompts', spec: { method: 'prompts/list', key: 'prompts' }, capability: 'prompts', capCode: 'PROMPTS_CAP_HIT' },
  { kind: 'resources', spec: { method: 'resources/list', key: 'resources' }, capability: 'resources', capCode: 'RESOURCES_CAP_HIT' },
  {
    kind: 'resourceTemplates',
    spec: { method: 'resources/templates/list', key: 'resourceTemplates' },
    capability: 'resources',
    capCode: 'RESOURCE_TEMPLATES_CAP_HIT',
  },
];

const ITEM_NOUNS: Record<ItemKind, string> = { prompts: 'prompt', resources: 'resource', resourceTemplates: 'resource template' };

function recordInitialize(client: Client, context: ScanContext): void {
  const { gathered, limits, progress } = context;
  const version = client.getServerVersion();
  const instructions = client.getInstructions();
  if (version) {
    // Every field cut to its cap as a fresh copy: a server's megabyte name must not reach the catalogue or stay in memory.
    const fields = context.tally.fields;
    const title = capText(version.title, limits.maxTitleChars, 'serverInfo', context.tally.titles);
    const kept = capText(instructions, limits.maxInstructionsChars, 'instructions', fields);
    const websiteUrl = capText(version.websiteUrl, limits.maxFieldChars, 'serverInfo', fields);
    const implementation = version as { description?: unknown; icons?: unknown };
    const description = capText(implementation.description, limits.maxDescriptionChars, 'serverInfo', context.tally.descriptions);
    const icons = keepIcons(implementation.icons, limits);
    if (icons.problem !== undefined) fields.push('serverInfo');
    gathered.serverInfo = {
      name: capText(version.name, limits.maxFieldChars, 'serverInfo', fields) ?? '',
      version: capText(version.version, limits.maxFieldChars, 'serverInfo', fields) ?? '',
      ...(title === undefined ? {} : { title }),
      ...(kept === undefined ? {} : { instructions: kept }),
      ...(websiteUrl === undefined ? {} : { websiteUrl }),
      ...(description === undefined ? {} : { description }),
      ...(icons.value === undefined ? {} : { icons: icons.value }),
    };
  }
  gathered.capabilities = { ...(client.getServerCapabilities() ?? {}) };
  const agreed = context.session.protocolVersion();
  if (agreed) gathered.protocolVersion = agreed;
  progress(`Connected to ${shortText(version?.name ?? '?')} ${shortText(version?.version ?? '')}.`);
}

/** The paging options every listing shares: request timeout, page cap, abort signal and warning log. */
function pagingOptions(context: ScanContext): Omit<ListPagesOptions, 'onItems'> {
  return {
    requestTimeoutMs: context.requestTimeoutMs,
    maxPages: context.limits.maxPages,
    signal: context.signal,
    warnings: context.warnings,
  };
}

async function listTools(client: Client, context: ScanContext): Promise<void> {
  const { gathered, limits, warnings, tally } = context;
  const names = new Set<string>();
  let position = 0;
  const advertised = gathered.capabilities?.tools !== undefined;
  try {
    await listPages(
      client,
      { method: 'tools/list', key: 'tools' },
      {
        ...pagingOptions(context),
        onItems: (items) => {
          for (const raw of items) {
            if (gathered.tools.length >= limits.maxTools) {
              warnings.add('TOOLS_CAP_HIT', `Kept the first ${limits.maxTools} tools (the cap); the server lists more.`);
              return false;
            }
            const tool = salvageTool(raw, position, limits, warnings, tally);
            position += 1;
            if (tool === undefined) continue;
            if (names.has(tool.name)) {
              warnings.addItem(
                'TOOL_DUPLICATE',
                `Tool ${JSON.stringify(shortText(tool.name))} was listed twice; the second copy was dropped.`,
              );
              continue;
            }
            names.add(tool.name);
            gathered.tools.push(tool);
          }
          return true;
        },
      },
    );
  } catch (error) {
    const explained = context.session.explainListingError(error, 'tools/list', context.requestTimeoutMs);
    // A server that does not advertise tools may rightly refuse tools/list.
    if (!advertised && explained.status === 'protocol_error') return;
    throw explained;
  }
  context.progress(`Listed ${gathered.tools.length} tool${gathered.tools.length === 1 ? '' : 's'}.`);
}

async function listItems(client: Client, context: ScanContext): Promise<void> {
  const { gathered, limits, warnings } = context;
  for (const { kind, spec, capability, capCode } of ITEM_LISTS) {
    if (gathered.capabilities?.[capability] === undefined) continue;
    const target = gathered[kind] as unknown[];
    let position = 0;
    try {
      await listPages(client, spec, {
        ...pagingOptions(context),
        onItems: (items) => {
          for (const raw of items) {
            if (target.length >= limits.maxItems) {
              warnings.add(capCode, `Kept the first ${limits.maxItems} ${spec.key} (the cap); the server lists more.`);
              return false;
            }
            const item = salvageItem(kind, raw, position, limits, warnings, context.tally);
            position += 1;
            if (item !== undefined) target.push(item);
          }
          return true;
        },
      });
    } catch (error) {
      const explained = context.session.explainListingError(error, spec.method, context.requestTimeoutMs);
      if (explained.status === 'crashed' || context.signal.aborted) throw explained;
      warnings.add('LIST_FAILED', `Could not list ${spec.key}: ${explained.message}`);
    }
    context.progress(`Listed ${target.length} ${ITEM_NOUNS[kind]}${target.length === 1 ? '' : 's'}.`);
  }
}

async function runScan(context: ScanContext): Promise<void> {
  const client = await context.session.connect({ timeoutMs: context.connectTimeoutMs, signal: context.signal });
  recordInitialize(client, context);
  await listTools(client, context);
  await listItems(client, context);
}

/** One summary warning per cap that bit: its code, the tally it counts, and the sentence after the count. */
const TRUNCATION_WARNINGS: {
  code: string;
  list: keyof TruncationTally;
  noun: [one: string, many: string];
  what: (limits: ScanLimits) => string;
}[] = [
  {
    code: 'DESCRIPTIONS_TRUNCATED',
    list: 'descriptions',
    noun: ['description was', 'descriptions were'],
    what: (l) => `longer than ${l.maxDescriptionChars} characters and cut`,
  },
  {
    code: 'SCHEMAS_TOO_DEEP',
    list: 'deepSchemas',
    noun: ['schema was', 'schemas were'],
    what: (l) => `nested more than ${l.maxDepth} levels deep and replaced by a stub`,
  },
  {
    code: 'TITLES_TRUNCATED',
    list: 'titles',
    noun: ['title was', 'titles were'],
    what: (l) => `longer than ${l.maxTitleChars} characters and cut`,
  },
  {
    code: 'FIELDS_TRUNCATED',
    list: 'fields',
    noun: ['item had a field', 'items had fields'],
    what: (l) =>
      `over the caps (${l.maxFieldChars} characters a string, nesting, ${l.maxStructureChars} characters in all) cut or left out`,
  },
  {
    code: 'SCHEMAS_TRUNCATED',
    list: 'schemas',
    noun: ['schema was', 'schemas were'],
    what: (l) => `larger than ${l.maxSchemaBytes} bytes and replaced by a stub`,
  },
];

function summariseTruncation(tally: TruncationTally, limits: ScanLimits, warnings: WarningLog): void {
  const names = (list: string[]) =>
    `${list
      .slice(0, 5)
      .map((name) => JSON.stringify(shortText(name).slice(0, 60)))
      .join(', ')}${list.length > 5 ? ', …' : ''}`;
  for (const { code, list, noun, what } of TRUNCATION_WARNINGS) {
    const items = tally[list];
    if (items.length > 0) warnings.add(code, `${items.length} ${noun[items.length === 1 ? 0 : 1]} ${what(limits)}: ${names(items)}.`);
  }
}

function createSession(target: ScanTarget, limits: ScanLimits, options: ScanOptions): ServerSession {
  return target.kind === 'stdio' ? new StdioSession(target, limits, options.sandbox) : new HttpSession(target, limits);
}

/** Forwards an outside abort (Ctrl-C, a crawl shutting down) into the scan's own controller. */
function followOutsideSignal(outside: AbortSignal | undefined, abort: AbortController): () => void {
  if (outside === undefined) return () => {};
  const onAbort = () => {
    const why = outside.reason instanceof Error ? outside.reason.message : 'the scan was cancelled';
    abort.abort(new ScanError('timeout', 'INTERRUPTED', `The scan was interrupted: ${shortText(why)}.`));
  };
  if (outside.aborted) onAbort();
  else outside.addEventListener('abort', onAbort, { once: true });
  return () => outside.removeEventListener('abort', onAbort);
}

/**
 * Connects to one MCP server, lists its tools, prompts, resources and resource templates (following
 * pagination), and closes the connection — killing a stdio server's whole process group. Never throws:
 * every failure is a `status` with an `error`, and what was listed before a failure is kept.
 */
export async function scanServer(target: ScanTarget, options: ScanOptions = {}): Promise<ScanResult> {
  const startedAt = Date.now();
  const scannedAt = new Date(startedAt).toISOString();
  const limits: ScanLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const totalTimeoutMs = options.totalTimeoutMs ?? DEFAULT_TIMEOUTS.totalTimeoutMs;
  const progress = (line: string) => {
    try {
      options.onProgress?.(line);
    } catch {
      // A failing progress sink must not fail the scan.
    }
  };
  const warnings = new WarningLog(limits.maxItemWarnings);
  const gathered: Gathered = { tools: [], prompts: [], resources: [], resourceTemplates: [] };
  const abort = new AbortController();
  let session: ServerSession | undefined;
  let failure: ScanError | undefined;
  let deadlineTimer: NodeJS.Timeout | undefined;
  const unfollow = followOutsideSignal(options.signal, abort);
  try {
    session = createSession(target, limits, options);
    const context: ScanContext = {
      session,
      limits,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestTimeoutMs,
      connectTimeoutMs: Math.min(options.connectTimeoutMs ?? DEFAULT_TIMEOUTS.connectTimeoutMs, totalTimeoutMs),
      signal: abort.signal,
      warnings,
      tally: newTally(),
      gathered,
      progress,
    };
    const info = session.transportInfo();
    progress(info.type === 'stdio' ? `Starting \`${[info.command, ...info.args].join(' ')}\`…` : `Connecting to ${info.url}…`);
    const deadline = new Promise<never>((_, reject) => {
      if (abort.signal.aborted) reject(abort.signal.reason);
      abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true });
      deadlineTimer = setTimeout(() => {
        const error = new ScanError(
          'timeout',
          'TIMEOUT_TOTAL',
          `The scan did not finish within ${seconds(totalTimeoutMs)}; what was listed so far is kept.`,
        );
        abort.abort(error);
        reject(error);
      }, totalTimeoutMs);
    });
    const work = runScan(context);
    work.catch(() => {});
    try {
      await Promise.race([work, deadline]);
    } finally {
      clearTimeout(deadlineTimer);
      summariseTruncation(context.tally, limits, warnings);
    }
  } catch (error) {
    failure =
      abort.signal.aborted && abort.signal.reason instanceof ScanError
        ? abort.signal.reason
        : error instanceof ScanError
          ? error
          : new ScanError(
              'protocol_error',
              'UNEXPECTED',
              `The scan failed unexpectedly: ${shortText(error instanceof Error ? error.message : String(error))}.`,
              {
                cause: error,
              },
            );
  } finally {
    clearTimeout(deadlineTimer);
    unfollow();
    if (session) {
      try {
        await session.close();
      } catch {
        // Closing never decides the outcome; the process group has been signalled either way.
      }
    }
  }
  return buildResult(target, session, failure, gathered, warnings, options, scannedAt, startedAt);
}

function buildResult(
  target: ScanTarget,
  session: ServerSession | undefined,
  failure: ScanError | undefined,
  gathered: Gathered,
  warnings: WarningLog,
  options: ScanOptions,
  scannedAt: string,
  startedAt: number,
): ScanResult {
  const transport =
    session?.transportInfo() ??
    (target.kind === 'stdio'
      ? { type: 'stdio' as const, command: target.command, args: [...target.args], envNames: Object.keys(target.env ?? {}).sort() }
      : { type: 'streamable-http' as const, url: '(invalid URL)', headerNames: Object.keys(target.headers ?? {}).sort() });
  const stderrTail = session?.stderrTail();
  return {
    status: failure?.status ?? 'ok',
    ...(failure ? { error: { code: failure.code, message: failure.message } } : {}),
    warnings: [...(session?.warnings() ?? []), ...warnings.list()],
    transport,
    ...(gathered.protocolVersion ? { protocolVersion: gathered.protocolVersion } : {}),
    ...(gathered.serverInfo ? { serverInfo: gathered.serverInfo } : {}),
    ...(gathered.capabilities ? { capabilities: gathered.capabilities } : {}),
    ...(gathered.capabilities ? { clientCapabilities: structuredClone(SCAN_CLIENT_CAPABILITIES) as Record<string, unknown> } : {}),
    tools: [...gathered.tools],
    prompts: [...gathered.prompts],
    resources: [...gathered.resources],
    resourceTemplates: [...gathered.resourceTemplates],
    ...(options.requiredEnv ? { requiredEnv: [...options.requiredEnv] } : {}),
    ...(stderrTail !== undefined ? { stderrTail } : {}),
    scannedAt,
    durationMs: Math.max(0, Math.round(Date.now() - startedAt)),
    scannerVersion: SCANNER_VERSION,
  };
}
