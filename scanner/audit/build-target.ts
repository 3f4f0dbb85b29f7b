/**
 * Turns a configured server into what `scanServer` starts or connects to, expanding variables with the user's own
 * environment the way the client would. Pure given the context. The values (env, headers) stay in memory for the scan.
 */
import type { ScanTarget } from '../scan/scan-options.ts';
import { type ExpandContext, expandVariables } from './expand-vars.ts';
import type { EntryTransport } from './read-servers.ts';

/** The target, or the references that cannot be resolved offline (VS Code `${input:…}`). */
export type BuiltTarget = { ok: true; target: ScanTarget; unsetVariables: string[] } | { ok: false; inputs: string[] };

/** Builds the scan target; `cwd` is where a stdio server starts when the config does not say. */
export function buildScanTarget(transport: EntryTransport, context: ExpandContext, cwd: string, bareDollar: boolean): BuiltTarget {
  const unresolved: string[] = [];
  const expand = (text: string) => {
    const result = expandVariables(text, context, { bareDollar });
    unresolved.push(...result.unresolved);
    return result.text;
  };
  const mapValues = (map: Record<string, string>) =>
    Object.fromEntries(Object.entries(map).map(([name, value]) => [name, expand(value)])) as Record<string, string>;
  let target: ScanTarget;
  if (transport.type === 'stdio') {
    const env = mapValues(transport.env);
    for (const name of transport.passEnv) {
      const value = context.env[name];
      if (value !== undefined) env[name] = value;
    }
    target = {
      kind: 'stdio',
      command: expand(transport.command),
      args: transport.args.map(expand),
      env,
      cwd: transport.cwd === undefined ? cwd : expand(transport.cwd),
    };
  } else {
    const headers = mapValues(transport.headers);
    for (const [header, variable] of Object.entries(transport.headersFromEnv)) {
      const value = context.env[variable];
      if (value === undefined) unresolved.push(variable);
      else headers[header] = header.toLowerCase() === 'authorization' && !/^\w+\s/.test(value) ? `Bearer ${value}` : value;
    }
    target = { kind: 'http', url: expand(transport.url), headers };
  }
  const inputs = unresolved.filter((name) => name.startsWith('input:'));
  if (inputs.length > 0) return { ok: false, inputs: [...new Set(inputs)] };
  return { ok: true, target, unsetVariables: [...new Set(unresolved)] };
}
