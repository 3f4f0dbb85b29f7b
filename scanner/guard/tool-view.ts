import type { Policy } from '../../data/schema/policy.ts';
import { judgeCall, recordedHash } from '../../policies-gen/index.ts';
import { classifyTool } from '../classify/index.ts';
import { terminalText } from '../scan/terminal-text.ts';
import { hashTool } from '../scan/tool-hash.ts';

/** Changes remembered (so each is reported once); past this a server that keeps changing is reported afresh. */
const MAX_REPORTED = 10_000;

/** A hash no definition has: what a tool gets when its definition cannot be hashed (too deep for the stack). */
const UNHASHABLE = 'sha256:unhashable';

/** A change the view noticed in what the server lists, for the log and the audit trail. */
export interface ToolChange {
  /** `changed`: the definition hashes differently from what the policy recorded (hidden); `added`: the policy never saw it. */
  kind: 'changed' | 'added';
  tool: string;
  /** For added tools: the classifier's verdict, e.g. `destructive, high risk`. */
  verdict?: string;
  /** What the policy now does with it, in words. */
  outcome: string;
}

/**
 * What the guard knows of the server's tools: each listed tool's current definition hash, which of them the agent
 * may see, and which changed since the policy was generated. Visibility is the evaluator's own `hidden` outcome
 * (hide, or a hash that differs from the recorded one), so `tools/list` and `tools/call` can never disagree.
 */
export class ToolView {
  readonly #policy: Policy;
  readonly #hashes = new Map<string, string>();
  readonly #reported = new Set<string>();
  readonly #onChange: (change: ToolChange) => void;

  constructor(policy: Policy, onChange: (change: ToolChange) => void) {
    this.#policy = policy;
    this.#onChange = onChange;
  }

  /**
   * Records the tools of one `tools/list` page (or, with `complete`, the whole list, forgetting tools no longer
   * listed) and returns those the agent may see. Entries that are not objects with a string name are dropped:
   * the policy cannot speak about them.
   */
  observe(tools: unknown, complete = false): Record<string, unknown>[] {
    const listed = Array.isArray(tools) ? tools.filter(isNamedTool) : [];
    if (complete) this.#hashes.clear();
    const visible: Record<string, unknown>[] = [];
    for (const tool of listed) {
      const hash = safeHash(tool);
      this.#hashes.set(tool.name, hash);
      this.#report(tool, hash);
      if (this.isVisible(tool.name)) visible.push(tool);
    }
    return visible;
  }

  /** The current definition hash of a listed tool; undefined when the server has not listed it. */
  hashOf(name: string): string | undefined {
    return this.#hashes.get(name);
  }

  /** Whether the agent may see the tool: not hidden by the policy, and unchanged since the policy was generated. */
  isVisible(name: string): boolean {
    const call = { tool: name, at: '1970-01-01T00:00:00Z' };
    const hash = this.#hashes.get(name);
    return judgeCall(this.#policy, hash === undefined ? call : { ...call, hash }).outcome !== 'hidden';
  }

  #report(tool: NamedTool, hash: string): void {
    const key = `${tool.name}\u0000${hash}`;
    if (this.#reported.has(key)) return;
    if (this.#reported.size >= MAX_REPORTED) this.#reported.clear();
    const recorded = recordedHash(this.#policy, tool.name);
    const hashes = this.#policy['x-mcp-atlas']?.hashes;
    if (recorded !== undefined && recorded !== hash) {
      this.#reported.add(key);
      this.#onChange({ kind: 'changed', tool: tool.name, outcome: 'hidden until the policy is regenerated' });
    } else if (recorded === undefined && hashes !== undefined) {
      // Only a generated policy (one that recorded hashes) knows which tools are new.
      this.#reported.add(key);
      const listed = this.#policy.tools !== undefined && Object.hasOwn(this.#policy.tools, tool.name);
      this.#onChange({
        kind: 'added',
        tool: tool.name,
        verdict: verdictOf(tool),
        outcome: listed ? 'decided by its entry in the policy' : `falls to the policy's default (${this.#policy.default})`,
      });
    }
  }
}

interface NamedTool extends Record<string, unknown> {
  name: string;
}

function isNamedTool(value: unknown): value is NamedTool {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { name?: unknown }).name === 'string';
}

function safeHash(tool: NamedTool): string {
  try {
    const schema = (value: unknown) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined);
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return hashTool({
      name: tool.name,
      title: text(tool.title),
      description: text(tool.description),
      inputSchema: schema(tool.inputSchema) ?? {},
      outputSchema: schema(tool.outputSchema),
      annotations: schema(tool.annotations),
    });
  } catch {
    // A definition nested deeper than the stack allows: it matches no recorded hash, so a generated policy hides it.
    return UNHASHABLE;
  }
}

function verdictOf(tool: NamedTool): string {
  try {
    const verdict = classifyTool({
      name: tool.name,
      ...(typeof tool.title === 'string' ? { title: tool.title } : {}),
      ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
      inputSchema: tool.inputSchema,
      annotations: tool.annotations,
    });
    return `${verdict.class}, ${verdict.risk} risk${verdict.tags.length > 0 ? `, ${verdict.tags.join(', ')}` : ''}`;
  } catch {
    return 'not classified';
  }
}

/** A tool name as it may appear in a log line: escapes and invisible characters removed, at most 80 characters. */
export function printableName(name: string): string {
  return JSON.stringify(terminalText(name, 80));
}
