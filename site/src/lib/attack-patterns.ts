import type { ToolEntry } from './catalogue.ts';

/** One attack pattern page: what goes wrong, how, and the policy rule that stops it. Fixed text only. */
export interface AttackPattern {
  slug: string;
  title: string;
  /** One sentence for lists and meta descriptions. */
  summary: string;
  /** Paragraphs explaining the pattern. */
  explain: string[];
  /** The rule that stops it, in words. */
  rule: string;
  /** The rule as a PolicyLayer JSON fragment. */
  example: string;
  /** True when the pattern can abuse this tool. */
  appliesTo(entry: ToolEntry): boolean;
}

const POISONING = new Set(['hidden-instructions', 'invisible-unicode', 'ansi-escape', 'tool-shadowing']);
const OUTBOUND = new Set(['network', 'messaging', 'browser']);
const PRIVATE = new Set(['filesystem', 'database', 'credentials', 'identity', 'vcs']);

const findings = (entry: ToolEntry) => (entry.tool.findings ?? []).map((f) => f.code);

/** The attack patterns the site explains, each linked from every tool it applies to. */
export const ATTACK_PATTERNS: readonly AttackPattern[] = [
  {
    slug: 'runaway-writes',
    title: 'Runaway writes',
    summary: 'An agent in a loop calls a write tool hundreds of times before anyone looks.',
    explain: [
      'Agents retry, loop and fan out. A write tool that is fine once (create an issue, send an invite, add a row) becomes a flood when a confused plan calls it in a loop, or when injected text asks for "one per item".',
      'Nothing in MCP limits how often a tool is called: the client calls what the model asks for, as fast as the server answers.',
    ],
    rule: 'A rate limit per tool (and per grant): the starter policy allows write tools 30 calls a minute and refuses the 31st with a reason the agent can read.',
    example:
      '{"tools": {"create_issue": {"limits": [{"counter": "create_issue_per_minute", "window": "minute", "max": 30, "scope": "grant"}]}}}',
    appliesTo: (entry) => entry.class === 'write' || entry.tags.includes('bulk'),
  },
  {
    slug: 'destructive-calls-without-approval',
    title: 'Destructive calls without approval',
    summary: 'A delete, overwrite, payment or command runs on the model’s say-so, with no human in the loop.',
    explain: [
      'Destructive tools cannot be undone: delete a repository, drop a table, refund a charge, run a shell command. One wrong call, from a misread instruction or a prompt injection, is enough.',
      'Many clients auto-approve tools whose annotations say they are safe, and the annotations are the author’s claim, not a guarantee.',
    ],
    rule: 'Deny destructive tools by default and let a person allow them case by case: the starter policy gives each one a `deny_if` rule with no conditions and a reason.',
    example: '{"tools": {"delete_repository": {"deny_if": [{"conditions": [], "on_deny": "Destructive: needs a human decision."}]}}}',
    appliesTo: (entry) => entry.class === 'destructive',
  },
  {
    slug: 'lethal-trifecta',
    title: 'The lethal trifecta',
    summary: 'Private data, untrusted content and an outbound channel in one agent: what it reads can be sent anywhere.',
    explain: [
      'An agent that can read private data (files, databases, secrets), sees untrusted content (web pages, issues, emails) and can send data out (HTTP requests, messages, a browser) can be told by that content to send the data out. Each tool is harmless alone; together they leak.',
      'The tools do not have to come from one server: the trifecta forms across every server the agent is connected to.',
    ],
    rule: 'Break one leg: deny or tightly limit the outbound tools by default, and allow outbound calls only to listed hosts with a `require` rule on the URL argument.',
    example: '{"tools": {"fetch": {"require": [{"path": "args.url", "op": "regex", "value": "^https://api\\\\.example\\\\.com/"}]}}}',
    appliesTo: (entry) => entry.tags.some((tag) => OUTBOUND.has(tag) || PRIVATE.has(tag)),
  },
  {
    slug: 'tool-poisoning',
    title: 'Tool poisoning',
    summary: 'A tool’s own description carries instructions for the model: hidden text, invisible characters, or orders about other tools.',
    explain: [
      'The model reads every tool description the server sends. A description can hide instructions in tags the user never sees, in zero-width or bidi characters, or in terminal escapes, and can tell the model to call other servers’ tools differently (shadowing).',
      'The user approving a call sees the tool name, not the text that steered the model to it.',
    ],
    rule: 'Hide tools whose text carries a finding, so the model never reads it: the starter policy lists them in `hide`.',
    example: '{"hide": ["poisoned_tool"]}',
    appliesTo: (entry) => findings(entry).some((code) => POISONING.has(code)),
  },
  {
    slug: 'rug-pulls',
    title: 'Rug pulls',
    summary: 'A tool that was safe when approved changes its description or behaviour later, without a new version.',
    explain: [
      'Approval happens once; the server can change its tools at any time, and clients re-read them on every connection. A description that changes without a version bump is how a trusted tool turns hostile.',
      'mcp-atlas rescans servers and records every change of name, description, schema and annotations; a description change without a version change is flagged.',
    ],
    rule: 'Default deny with an allow list by name: a new or renamed tool is refused until someone adds it, and the tool hashes in the registry receipt let a client check that what it sees is what was scanned.',
    example: '{"version": "1", "default": "deny", "tools": {"read_file": {}}}',
    appliesTo: (entry) =>
      findings(entry).includes('rug-pull') || entry.server.record.changes.some((change) => change.tool === entry.tool.name),
  },
  {
    slug: 'credential-exposure',
    title: 'Credential exposure',
    summary: 'A tool reads, returns or sends secrets: tokens, keys, passwords, session cookies.',
    explain: [
      'Tools that touch credentials can hand them to the model, which can then paste them into any other call. A free-text parameter shaped like "notes" or "context" can carry them out.',
      'Servers also need credentials to run: every one they are given is reachable by every tool they expose.',
    ],
    rule: 'Deny tools that read or change secrets unless a task needs them, and deny calls whose free-text arguments look like secrets.',
    example: '{"tools": {"get_secret": {"deny_if": [{"conditions": [], "on_deny": "Secrets stay out of the agent."}]}}}',
    appliesTo: (entry) => entry.tags.includes('credentials') || findings(entry).includes('exfiltration-parameter'),
  },
];

/** The attack patterns that apply to a tool, in page order. Pure. */
export function patternsFor(entry: ToolEntry): AttackPattern[] {
  return ATTACK_PATTERNS.filter((pattern) => pattern.appliesTo(entry));
}

/** URL of an attack pattern page. */
export function patternUrl(pattern: AttackPattern): string {
  return `/attacks/${pattern.slug}/`;
}
