/**
 * Expands the variable references client configs allow, the way the clients do, for `--scan` only: `${VAR}` and
 * `${VAR:-default}` (Claude Code), `${env:VAR}` (Cursor, VS Code), `$VAR` (Gemini CLI), `${workspaceFolder}`,
 * `${userHome}`. `${input:id}` (VS Code prompts) cannot be answered offline: it is reported, not guessed. Pure.
 */

/** Where values come from. */
export interface ExpandContext {
  env: Record<string, string | undefined>;
  home: string;
  project: string;
}

/** The expanded text, plus the references that could not be resolved. */
export interface Expanded {
  text: string;
  /** `input:<id>` for VS Code inputs; the variable name for unset variables without a default. */
  unresolved: string[];
}

const REFERENCE = /\$\{([^}]{1,200})\}|\$([A-Za-z_][A-Za-z0-9_]{0,100})/g;

/** Expands every reference in `text`. */
export function expandVariables(text: string, context: ExpandContext, options: { bareDollar?: boolean } = {}): Expanded {
  const unresolved: string[] = [];
  const out = text.replace(REFERENCE, (whole, braced: string | undefined, bare: string | undefined) => {
    if (bare !== undefined) {
      if (options.bareDollar !== true) return whole;
      const value = context.env[bare];
      if (value === undefined) unresolved.push(bare);
      return value ?? '';
    }
    const inner = braced ?? '';
    if (inner === 'workspaceFolder' || inner === 'workspaceRoot') return context.project;
    if (inner === 'userHome') return context.home;
    if (inner.startsWith('input:')) {
      unresolved.push(inner);
      return whole;
    }
    const name = inner.startsWith('env:') ? inner.slice(4) : inner;
    const fallbackAt = name.indexOf(':-');
    const variable = fallbackAt === -1 ? name : name.slice(0, fallbackAt);
    const value = context.env[variable];
    if (value !== undefined && value !== '') return value;
    if (fallbackAt !== -1) return name.slice(fallbackAt + 2);
    unresolved.push(variable);
    return '';
  });
  return { text: out, unresolved };
}
