/**
 * The reproducible filter that picks MCP server packages out of the npm package list (see docs/sources.md).
 * Pure: a row in, a verdict out, so the selection can be rerun and tested from a table.
 *
 * Rules, first match wins:
 * 1. Hand-chosen verdicts for packages the rules below get wrong ({@link HAND_EXCLUDED}), then the servers curated
 *    before this filter existed (kept whatever their downloads).
 * 2. Below {@link MIN_DOWNLOADS} a month, or neither name nor summary says MCP: not a candidate; then
 *    {@link HAND_INCLUDED}, servers the rules below would drop.
 * 3. Per-platform binary packages, editor internals, plugins that serve MCP only inside another tool, SDKs and
 *    libraries, clients/proxies/inspectors/installers, deprecated shims, test and evaluation tools, scaffolding: out,
 *    each with its reason.
 * 4. Everything else that calls itself a server (or is named `*-mcp`, `mcp-*`): in. Whether it installs and has a
 *    JavaScript `bin` is checked afterwards by installing it.
 */

/** Packages below this many downloads a month are not considered. */
export const MIN_DOWNLOADS = 480;

/** One row of the npm package list (`name`, `version`, `downloads_a_month`, `summary`). */
export interface PackageRow {
  name: string;
  version: string;
  downloads: number;
  summary: string;
}

/** Why a package is in or out. */
export type FilterVerdict = { keep: true; reason: string } | { keep: false; reason: string };

const MCP_TEXT = /\bmcp\b|mcp[-_]|[-_]mcp|model context protocol|model-context-protocol|modelcontextprotocol/i;

/** Packages the rules would keep but that are not servers, with the reason (checked by hand). */
export const HAND_EXCLUDED: Readonly<Record<string, string>> = {
  mcp: 'an empty placeholder package',
  'mcp-server': 'a placeholder package with no server behind the name',
  '@orval/mcp': 'a code generator plugin for orval (generates MCP servers), not a server',
  '@kubb/cli': 'a code generator CLI whose MCP mode serves only inside Kubb projects',
  '@smithery/cli': 'an installer and registry client for MCP servers',
  smithery: 'an installer and registry client for MCP servers',
  mcporter: 'a client runtime for configured MCP servers',
  '@expo/mcp-tunnel': 'a tunnel client for Expo',
  'expo-mcp': 'an Expo app capability provider that serves only inside an Expo dev session',
  agentdb: 'a vector database library with an optional MCP mode',
  'vibe-kanban': 'an npx wrapper that downloads a native binary at start',
  '@claude-flow/cli': 'an agent orchestration CLI, MCP is one of its subcommands',
  '@mintlify/mcp': 'a package manager that installs MCP servers',
  playbooks: 'an installer of agent skills and MCP servers',
  'add-mcp': 'an installer that adds MCP servers to client configs',
  'install-mcp': 'an installer that adds MCP servers to client configs',
  envmcp: 'a wrapper that loads environment variables for another MCP server',
  semiotic: 'a React charting library',
  bunqueue: 'a job queue library for Bun',
  '@juspay/neurolink': 'an AI platform SDK and CLI that consumes MCP servers',
  omniroute: 'an AI provider router',
  'mcp-hub': 'a manager that starts other MCP servers',
  '@gleanwork/mcp-config-schema': 'a schema library for client configurations',
  '@dallay/agentsync': 'a config sync CLI for agent clients',
  agnix: 'a linter for agent configuration files',
  'ferret-scan': 'a scanner of MCP client configurations',
  '@21st-dev/cli': 'a component CLI that configures the 21st MCP server',
  'mcp-client-capabilities': 'a data package listing MCP clients',
  '@modelcontextprotocol/conformance': 'a conformance test suite for MCP implementations',
  '@modelcontextprotocol/create-server': 'a project generator',
  'openapi-mcp-generator': 'a code generator',
  '@anthropic-ai/mcpb': 'a build tool for MCP bundles',
  '@mcp-use/cli': 'a build pipeline for mcp-use projects',
  'mcp-use': 'a framework and client',
  xmcp: 'a framework',
  skybridge: 'a framework',
  sunpeak: 'a framework and inspector for MCP Apps',
  chapplin: 'a framework',
  tmcp: 'a framework',
  muppet: 'a framework',
  mcprotocol: 'a Mitsubishi PLC protocol library, not Model Context Protocol',
  'stock-sdk': 'a market data SDK',
  recker: 'a multi-protocol HTTP SDK',
  '@unchainedshop/api': 'a GraphQL API layer of an e-commerce engine',
  '@mcpher/gas-fakes': 'an Apps Script emulator library',
  '@mcpher/gas-flex-cache': 'an Apps Script caching library',
  '@mcptoolshop/site-theme': 'an Astro theme',
  '@mcptoolshop/brand': 'a brand asset tool',
  '@gram-ai/elements': 'a UI component library',
  'lean-agentic': 'a theorem prover library',
  'claude-cli-advanced-starter-pack': 'a Claude Code starter kit',
  'ecc-universal': 'an agent harness installer',
  'claude-dev-environment-setup': 'a Claude Code plugin',
  'tabby-ai-assistant': 'a Tabby terminal plugin',
  'tabby-mcp-server': 'a Tabby terminal plugin that serves MCP only inside Tabby',
  'mcps-logger': 'a logging helper for MCP servers',
  'oauth-callback': 'an OAuth helper library',
  merchant_001: 'an agent registration script, not a server',
  '@mastra/mcp': 'a framework for MCP clients and servers',
  '@storybook/addon-mcp': 'a Storybook addon that serves MCP only inside a running Storybook',
  '@metorial/mcp-session': 'a session library',
  'use-mcp': 'a React hook for MCP clients',
  'effect-mcp': 'a library for the Effect framework',
  'fastify-mcp': 'a Fastify plugin',
  'mcp-lite': 'a framework',
  'mcp-auth': 'an auth library for MCP servers',
  'mcp-http-server': 'a server library',
  '@dotdo/oauth': 'an OAuth library',
  '@dxheroes/local-mcp-database': 'the database layer of an MCP manager',
  '@dxheroes/local-mcp-frontend': 'the web dashboard of an MCP manager',
  '@mcp-abap-adt/auth-broker': 'an auth library of the ABAP ADT server',
  '@mcp-abap-adt/auth-stores': 'an auth library of the ABAP ADT server',
  '@mcp-abap-adt/llm-agent': 'interfaces and types of the ABAP ADT server',
  '@mcp-z/oauth': 'an OAuth token library',
  '@devness/mcp-setup': 'a setup wizard for client configs',
  '@morphllm/morph-setup': 'an installer for coding agents',
  'backant-wizard': 'an installer for coding agents',
  '@jason.today/webmcp': 'a WebSocket transport library',
  'workers-mcp': 'a transport to a Cloudflare Worker',
  '@aws/run-mcp-servers-with-aws-lambda': 'a library to run other MCP servers on AWS Lambda',
  '@civic/auth-mcp': 'an auth library for MCP servers',
  '@clerk/mcp-tools': 'a library for writing MCP clients and servers',
  '@movk/nuxt-docs': 'a Nuxt documentation theme',
  '@portel/photon': 'a framework for building MCP servers',
  '@cloudbase/agent-examples-agkit-agents-mcp-knowledge-retrieval': 'an example agent package',
  '@utcp/mcp': 'a protocol bridge library',
  '@goke/mcp': 'generates CLI commands from other MCP servers (a client)',
  mcpcac: 'generates CLI commands from other MCP servers (a client)',
  '@buildwithlayer/openapi-to-tools': 'a library that turns OpenAPI specs into tools',
  agentloom: 'a config sync CLI for agent clients',
  '@kimuson/modular-mcp': 'a proxy that fronts other MCP servers',
  '@mcp-b/smart-dom-reader': 'a DOM extraction library',
  '@univerjs-pro/mcp': 'a plugin of the Univer spreadsheet app',
  '@univerjs-pro/mcp-ui': 'a plugin of the Univer spreadsheet app',
  '@univerjs-pro/sheets-mcp': 'a plugin of the Univer spreadsheet app',
  '@elementor/editor-mcp': 'an internal package of the Elementor editor',
  'webmcp-bridge': 'a bridge from browser WebMCP tools to clients',
  mcpboot: 'generates MCP servers from prompts with an LLM at start',
  '@railway/mcp-server': 'deprecated shim that only prints a notice; Railway MCP moved into the Railway CLI',
  '@ashwinighuge/jenkins-mcp-server': 'a launcher for a Python 3.12+ server, not a Node server',
  'claude-talk-to-figma-mcp': 'a launcher that clones a git repository and installs Bun, not a server',
};

/** Packages the rules would drop but that are servers (checked by hand against their README). */
export const HAND_INCLUDED: ReadonlySet<string> = new Set([
  '@storybook/mcp',
  'caldav-mcp',
  '@us-legal-tools/courtlistener-sdk',
  'agentaudit',
  '@voltagent/mcp-server',
  '@memberjunction/ai-mcp-server',
  '@pipedream/mcp',
  '@flink-app/mcp',
  'embark-cli',
]);

type Rule = { reason: string; test: (name: string, summary: string) => boolean };

/** Rules that keep a package out, in order. Their reasons are written to `data/sources-excluded.json`. */
const EXCLUDE_RULES: readonly Rule[] = [
  {
    reason: 'a per-platform binary package (the main package that installs it is the server)',
    test: (name, summary) =>
      /[-_/](linux|darwin|win32|windows|macos|freebsd)[-_](x64|arm64|amd64|ia32|x86_64|arm)\b/i.test(name) ||
      /[-_](linux|darwin|windows|win32)$/i.test(name) ||
      /platform[- ]specific binary|platform binary|\bbinary for\b|\bbinary$/i.test(summary),
  },
  { reason: 'VS Code internals packaged for the Monaco editor', test: (name) => name.startsWith('@codingame/monaco-') },
  {
    reason: 'a plugin that serves MCP only inside another tool',
    test: (name, summary) =>
      /mcp-provider-|^(n8n-nodes-|@n8n\/|vite-plugin-|strapi-plugin-|eslint-plugin-|opencode-|pi-)|backstage|\/plugin-|-plugin-|^@theia\/|tauri-plugin|^@elizaos\/|nuxt-mcp|^@payloadcms\//i.test(
        name,
      ) || /\b(plugin|addon|add-on|extension) (for|to)\b|\bn8n node|\bnodes? for n8n\b/i.test(summary),
  },
  {
    reason: 'an SDK, library or framework for building MCP servers or clients',
    test: (name, summary) =>
      /(^|[-/@])(sdk|sdks|utils?|core|common|shared|types|schema|protocol|adapter|adapters|transport|transports|middleware|instrumentation|polyfill|toolkit|framework|handler|helpers?)($|[-/])/i.test(
        name,
      ) ||
      /\bsdk\b|implementation for typescript|\blibrary\b|\bframework\b|\btoolkit\b|\badapter\b|\bmiddleware\b|\btransports?\b (for|implementation)|instrumentation|type definitions|\btypes for\b|polyfill|\butilit(y|ies)\b|\bhooks\b|\bbindings\b|shared (core|code|infrastructure|protocol)/i.test(
        summary,
      ),
  },
  {
    reason: 'a client, proxy, gateway, inspector or installer for other MCP servers',
    test: (name, summary) =>
      /(^|[-/@])(client|inspector|proxy|gateway|remote|relay|installer|cli)($|[-/])|mcp-remote|supergateway/i.test(name) ||
      /\bclient\b|\binspector\b|\bproxy\b|\bgateway\b|\brelay\b|\brouter\b|passthrough|\bconnect (to|with) (remote|other)|\binstall(s|er)?\b (and|mcp|agent)|\bmanage mcp servers\b|\bsync\b.*\b(config|agent)/i.test(
        summary,
      ),
  },
  {
    reason: 'deprecated or renamed: the package only points to its successor',
    test: (_name, summary) => /^\s*\[?deprecated|\bhas moved to\b|\brenamed to\b|\bmoved to\b|\binstall .* instead\b/i.test(summary),
  },
  {
    reason: 'a test, evaluation or security-scanning tool for MCP servers',
    test: (_name, summary) =>
      /\bevaluat(e|ing|ion)\b.*\bmcp\b|\bmcp\b.*\bevaluat|\btesting (utility|framework)|\bunit testing\b|\bconformance\b|\blinter\b|\bstatic security scanner\b/i.test(
        summary,
      ),
  },
  {
    reason: 'a project generator or boilerplate',
    test: (name, summary) => /^create-|^@[^/]+\/create-/.test(name) || /\bscaffold|\bboilerplate\b|\bgenerates? mcp\b/i.test(summary),
  },
];

const SERVER_TEXT = /\bserver\b|\bservice\b|\btools?\b|\bmcp\b/i;

/** The verdict for one package row (see the module comment for the rules). `curated` names are kept as chosen before. */
export function filterPackage(row: PackageRow, curated: ReadonlySet<string> = new Set()): FilterVerdict {
  const handOut = HAND_EXCLUDED[row.name];
  if (handOut !== undefined) return { keep: false, reason: handOut };
  if (curated.has(row.name)) return { keep: true, reason: 'curated by hand (scripts/sources-curated.ts)' };
  if (row.downloads < MIN_DOWNLOADS) return { keep: false, reason: `fewer than ${MIN_DOWNLOADS} downloads a month` };
  if (!MCP_TEXT.test(row.name) && !MCP_TEXT.test(row.summary)) return { keep: false, reason: 'neither name nor summary says MCP' };
  if (HAND_INCLUDED.has(row.name)) return { keep: true, reason: 'a server by its README (kept by hand)' };
  for (const rule of EXCLUDE_RULES) if (rule.test(row.name, row.summary)) return { keep: false, reason: rule.reason };
  if (row.summary.trim() === '') {
    return /(^|[-/])mcp($|[-_])|mcp-server|server-/i.test(row.name)
      ? { keep: true, reason: 'named as an MCP server (no summary)' }
      : { keep: false, reason: 'no summary and not named as an MCP server' };
  }
  if (!SERVER_TEXT.test(row.summary) && !/mcp/i.test(row.name)) return { keep: false, reason: 'not described as a server' };
  return { keep: true, reason: 'says MCP and describes a server' };
}

/** Parses the tab-separated package list (first line: column names). Malformed rows are skipped. */
export function parsePackageList(text: string): PackageRow[] {
  const rows: PackageRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [name = '', version = '', downloads = '', summary = ''] = line.split('\t');
    const count = Number(downloads);
    if (name === '' || !Number.isFinite(count)) continue;
    rows.push({ name, version, downloads: count, summary: summary.replace(/^\[tested here:[^\]]*\]\s*/, '') });
  }
  return rows;
}

const DOMAINS: ReadonlyArray<[string, RegExp]> = [
  ['browsers', /browser|playwright|puppeteer|selenium|chrome|devtools|lighthouse|scrap/i],
  ['databases', /postgres|mysql|sqlite|mongo|redis|database|\bsql\b|mssql|duckdb|supabase|elasticsearch|bigquery|dataverse|neo4j/i],
  ['git', /\bgit\b|github|gitlab|bitbucket/i],
  ['cloud', /aws|azure|gcp|google cloud|cloudflare|kubernetes|\bk8s\b|vercel|netlify|render\.com|docker|terraform|heroku/i],
  ['payments', /payment|stripe|paddle|billing|commerce|shop|wallet|x402|crypto|invoice/i],
  ['messaging', /slack|discord|telegram|whatsapp|email|mail|sms|twilio|teams|chat/i],
  ['search', /search|fetch|web page|crawl|news|serp|reddit|youtube/i],
  ['design', /figma|design|ui kit|component|storybook|drawio|draw\.io|diagram|icon|css/i],
  ['observability', /observab|monitor|grafana|prometheus|datadog|sentry|log|alert|metrics|trac(e|ing)/i],
  ['project', /jira|linear|asana|trello|notion|confluence|task|ticket|project|kanban|todo|backlog|azure devops/i],
  ['productivity', /calendar|drive|docs|sheets|office|microsoft 365|obsidian|notes|workspace|omnifocus|reminders/i],
  ['maps', /map|travel|flight|weather|geo|location/i],
  ['memory', /memory|knowledge|remember|context|rag\b/i],
  ['filesystem', /file|filesystem|pdf|folder/i],
  ['media', /image|video|audio|music|speech|tts|voice|media|3d|blender|ableton/i],
  ['ai', /\bllm\b|openai|gemini|ollama|deepseek|hugging ?face|model|agent/i],
  ['docs', /documentation|\bdocs?\b|reference|guide/i],
  ['devtools', /code|dev|test|build|debug|lint|ide|terminal|shell|bash|api|openapi|graphql/i],
];

/** The domain a new (non-curated) server is filed under, from keywords in its name and summary; `other` if none fits. */
export function guessDomain(row: Pick<PackageRow, 'name' | 'summary'>): string {
  const text = `${row.name} ${row.summary}`;
  for (const [domain, pattern] of DOMAINS) if (pattern.test(text)) return domain;
  return 'other';
}
