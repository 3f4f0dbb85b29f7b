import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SlugSchema } from '../../data/schema/common.ts';
import { type ScanResult, ScanResultSchema } from '../../data/schema/scan-result.ts';
import { ServerRecordSchema } from '../../data/schema/server-record.ts';
import {
  type Decision,
  evaluateCalls,
  exportPolicy,
  generatePolicy,
  PATH_ROOT_PLACEHOLDER,
  POLICY_FORMATS,
  PolicyError,
  type PolicyFormat,
  parseCalls,
  parsePolicy,
} from '../../policies-gen/index.ts';
import { formatIssue } from '../../policies-gen/zod-issues.ts';
import { PACKAGE_ROOT } from '../package/package-root.ts';
import { EXIT_CODES, type ExitCode } from './exit-codes.ts';

export const HELP = `mcp-atlas policy — starter policies, exports, and a reference evaluator

Usage:
  mcp-atlas policy SCAN_OR_SLUG [--format FORMAT] [--out FILE] [--server-key NAME] [--explain]
  mcp-atlas policy check POLICY --calls CALLS.jsonl [--json] [--fail-on-deny]

Generate (first form):
  SCAN_OR_SLUG        a saved ScanResult or ServerRecord JSON file, or a catalogue slug (data/servers/<slug>.json)
  --format FORMAT     ${POLICY_FORMATS.map((f) => f.format).join(' | ')} (default policylayer)
  --out FILE          write to FILE instead of stdout
  --server-key NAME   the server's name in your MCP client config (claude, codex, intercept; default: slug or server name)
  --explain           print why each tool gets its rule, to stderr

Check (second form): replays calls ({"tool","args","at","grant"} per line; \`at\` defaults to now) against a PolicyLayer JSON policy and
prints each decision (allow | deny | hidden | approval) with the rule that decided it. "approval": a rule asks
a person (mcp-atlas guard asks the user), so without one the call is refused.
  --calls FILE        the calls, JSON Lines
  --json              one JSON decision per line instead of a table
  --fail-on-deny      exit ${EXIT_CODES.POLICY_DENIED} when any call is not allowed (denied, hidden or awaiting approval)

Exit codes: 0 ok, 2 usage, 3 invalid policy, calls or scan file (the error names the path and what was expected).
`;

/** `mcp-atlas policy …`: generate and export a starter policy, or `policy check` a policy against calls. */
export async function run(argv: string[]): Promise<ExitCode> {
  if (argv[0] === 'check') return runCheck(argv.slice(1));
  return runGenerate(argv);
}

async function runGenerate(argv: string[]): Promise<ExitCode> {
  const parsed = parseOptions(argv, {
    format: { type: 'string' },
    out: { type: 'string' },
    'server-key': { type: 'string' },
    explain: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = (values.format ?? 'policylayer') as PolicyFormat;
  if (!POLICY_FORMATS.some((f) => f.format === format)) return usage(`unknown --format \`${printable(String(values.format))}\``);
  if (positionals.length !== 1) return usage('expected exactly one SCAN_OR_SLUG');
  const input = loadServer(positionals[0]!);
  if (typeof input === 'number') return input;
  const scan = await classifyIfNeeded(input.scan);
  const generated = generatePolicy({ name: input.name, tools: scan.tools });
  if ((format === 'claude' || format === 'codex') && typeof values['server-key'] !== 'string') {
    // Claude Code and Codex match rules by the name in the user's config: a wrong name silently matches nothing.
    process.stderr.write(
      `mcp-atlas policy: warning: no --server-key given, so the rules name the server \`${printable(input.serverKey)}\`; if your ${format === 'claude' ? 'Claude Code' : 'Codex'} config calls it something else, they match nothing. Pass --server-key <the name in your config>.\n`,
    );
  }
  let text: string;
  try {
    text = exportPolicy(generated, format, {
      serverKey: typeof values['server-key'] === 'string' ? values['server-key'] : input.serverKey,
    });
  } catch (error) {
    if (error instanceof PolicyError) return fail(EXIT_CODES.INVALID_INPUT, `${error.code}: ${error.message}`);
    throw error;
  }
  if (text.includes(PATH_ROOT_PLACEHOLDER)) {
    process.stderr.write(
      `mcp-atlas policy: warning: path rules allow only paths under ${PATH_ROOT_PLACEHOLDER}, a placeholder: replace it with the directory the agent may use (escape regex characters such as . in it).\n`,
    );
  }
  if (values.explain === true) {
    for (const [tool, why] of Object.entries(generated.rationale))
      process.stderr.write(`${why.decision.padEnd(5)} ${printable(tool)}: ${why.summary}\n`);
  }
  if (typeof values.out === 'string') {
    try {
      writeFileSync(values.out, text);
    } catch (error) {
      return fail(EXIT_CODES.USAGE, `cannot write ${printable(values.out)}: ${error instanceof Error ? error.message : String(error)}`);
    }
    process.stderr.write(`wrote ${printable(values.out)} (${format}, ${scan.tools.length} tools)\n`);
  } else process.stdout.write(text);
  return EXIT_CODES.OK;
}

async function runCheck(argv: string[]): Promise<ExitCode> {
  const parsed = parseOptions(argv, {
    calls: { type: 'string' },
    json: { type: 'boolean' },
    'fail-on-deny': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) return usage('expected exactly one POLICY file');
  if (typeof values.calls !== 'string') return usage('expected --calls CALLS.jsonl');
  const policyText = readText(positionals[0]!);
  const callsText = readText(values.calls);
  if (typeof policyText === 'number') return policyText;
  if (typeof callsText === 'number') return callsText;
  let decisions: Decision[];
  try {
    const policy = parsePolicy(policyText, positionals[0]!);
    decisions = evaluateCalls(policy, parseCalls(callsText, values.calls, new Date()));
  } catch (error) {
    if (error instanceof PolicyError) return fail(EXIT_CODES.INVALID_INPUT, printable(error.message, true));
    throw error;
  }
  for (const decision of decisions) process.stdout.write(values.json === true ? `${JSON.stringify(decision)}\n` : decisionLine(decision));
  const count = (kind: Decision['decision']) => decisions.filter((d) => d.decision === kind).length;
  process.stderr.write(
    `${decisions.length} calls: ${count('allow')} allowed, ${count('deny')} denied, ${count('hidden')} hidden, ${count('approval')} need a person's approval\n`,
  );
  return values['fail-on-deny'] === true && count('allow') < decisions.length ? EXIT_CODES.POLICY_DENIED : EXIT_CODES.OK;
}

function decisionLine(d: Decision): string {
  return `call ${d.index + 1} ${d.at} grant=${printable(d.grant)} ${d.decision.padEnd(8)} ${printable(d.tool)} — ${printable(d.rule)}: ${printable(d.message)}\n`;
}

interface LoadedServer {
  scan: ScanResult;
  name: string;
  serverKey: string;
}

/** Reads a ScanResult or ServerRecord from a file path, or `data/servers/<slug>.json` for a valid slug. */
function loadServer(arg: string): LoadedServer | ExitCode {
  let path = arg;
  let slug: string | undefined;
  if (!isFile(arg)) {
    // A path that is not there is a missing input file (exit 3, as from every command), not a usage error.
    if (/[/\\]|\.json$/i.test(arg)) return fail(EXIT_CODES.INVALID_INPUT, `cannot read ${printable(arg)}: ENOENT`);
    if (!SlugSchema.safeParse(arg).success) return usage(`no such file, and not a catalogue slug: ${printable(arg)}`);
    slug = arg;
    path = join(PACKAGE_ROOT, 'data', 'servers', `${arg}.json`);
    if (!isFile(path)) return usage(`no such file, and no catalogue entry data/servers/${arg}.json`);
  }
  const text = readText(path);
  if (typeof text === 'number') return text;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail(EXIT_CODES.INVALID_INPUT, `${printable(path)}: expected JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const isRecord = raw !== null && typeof raw === 'object' && 'scan' in raw;
  const result = isRecord ? ServerRecordSchema.safeParse(raw) : ScanResultSchema.safeParse(raw);
  if (!result.success) {
    const what = isRecord ? 'ServerRecord' : 'ScanResult';
    const lines = result.error.issues.slice(0, 20).map((issue) => `  ${printable(formatIssue(issue))}`);
    return fail(EXIT_CODES.INVALID_INPUT, `${printable(path)}: not a valid ${what}\n${lines.join('\n')}`);
  }
  if ('slug' in result.data) {
    const record = result.data;
    return { scan: record.scan, name: record.source.name, serverKey: record.slug };
  }
  const scan = result.data;
  const name = scan.serverInfo?.name ?? basename(path, '.json');
  return { scan, name, serverKey: slug ?? keyFrom(name) };
}

/** Classifies unclassified tools with the scanner's classifier when it is available; otherwise says they will be denied. */
async function classifyIfNeeded(scan: ScanResult): Promise<ScanResult> {
  if (scan.tools.every((tool) => tool.classification !== undefined)) return scan;
  try {
    const { classifyScanResult } = (await import('../classify/index.ts')) as { classifyScanResult: (scan: ScanResult) => ScanResult };
    return classifyScanResult(scan);
  } catch (error) {
    process.stderr.write(
      `warning: tools are not classified and the classifier is unavailable (${error instanceof Error ? error.message : String(error)}); unclassified tools are denied\n`,
    );
    return scan;
  }
}

function keyFrom(name: string): string {
  const key = name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '');
  return key === '' ? 'server' : key.slice(0, 64);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function readText(path: string): string | ExitCode {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return fail(
      EXIT_CODES.INVALID_INPUT,
      `cannot read ${printable(path)}: ${error instanceof Error && 'code' in error ? String(error.code) : String(error)}`,
    );
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/** The parsed options and positionals; or the exit code when they do not parse (usage) or `--help` was answered. */
function parseOptions(argv: string[], options: OptionSpec) {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    if (parsed.values.help !== true) return parsed;
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  process.stdout.write(HELP);
  return EXIT_CODES.OK;
}

function usage(message: string): ExitCode {
  process.stderr.write(`mcp-atlas policy: ${message}\nRun \`mcp-atlas policy --help\` for usage.\n`);
  return EXIT_CODES.USAGE;
}

function fail(code: ExitCode, message: string): ExitCode {
  process.stderr.write(`mcp-atlas policy: ${message}\n`);
  return code;
}

/** Text from files and servers made safe for a terminal: control, bidi and zero-width characters as \u escapes. */
function printable(text: string, keepNewlines = false): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g, (char) =>
    keepNewlines && char === '\n' ? char : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
