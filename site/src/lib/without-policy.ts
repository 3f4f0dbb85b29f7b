import type { CapabilityTag } from '../../../data/schema/index.ts';
import type { ToolEntry } from './catalogue.ts';

const BY_TAG: Record<CapabilityTag, string> = {
  exec: 'run arbitrary commands or code on the machine it runs on',
  financial: 'move, charge or refund money',
  credentials: 'read or change secrets, tokens or keys and pass them on',
  filesystem: 'read or change local files',
  network: 'reach any URL, including ones that carry your data out',
  messaging: 'send messages to people in your name',
  database: 'query or change databases',
  browser: 'drive a browser, with your sessions and cookies',
  infrastructure: 'change cloud resources, containers or clusters',
  vcs: 'push code and change repositories',
  identity: 'change users, roles and permissions',
  bulk: 'act on many items in a single call',
};

/**
 * "Without a policy, an agent could …": what goes wrong if an agent may call this tool freely, written from its class,
 * tags and findings. Fixed words only (the tool's name is added by the page, as text). Pure.
 */
export function withoutPolicy(entry: ToolEntry): string[] {
  const out: string[] = [];
  const c = entry.tool.classification;
  if (c === undefined) out.push('call it without anyone knowing what it does: it has not been classified yet');
  else if (c.class === 'destructive')
    out.push('delete, overwrite or irreversibly change what the server manages, on a misread instruction, with nobody asked first');
  else if (c.class === 'write') out.push('call it over and over, creating or changing data faster than anyone could review it');
  else out.push('read everything it can reach and hand it to any other tool the agent can call, including ones that send data out');
  for (const tag of entry.tags) out.push(BY_TAG[tag]);
  const codes = new Set((entry.tool.findings ?? []).map((f) => f.code));
  if (codes.has('hidden-instructions') || codes.has('tool-shadowing'))
    out.push('follow instructions hidden in the tool’s own description, aimed at the model rather than at you');
  if (codes.has('invisible-unicode') || codes.has('ansi-escape'))
    out.push('act on text you cannot see: invisible characters or terminal escapes');
  if (codes.has('exfiltration-parameter')) out.push('smuggle data out through a free-text parameter');
  if (c?.mismatch !== undefined) out.push('be auto-approved, because its annotations claim it is safer than it is');
  return out;
}
