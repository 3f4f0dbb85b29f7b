import type { Policy } from '../../../data/schema/policy.ts';
import {
  exportPolicy,
  type GeneratedPolicy,
  generatePolicy,
  POLICY_FORMATS,
  type PolicyFormat,
  toolPolicySnippet,
} from '../../../policies-gen/index.ts';
import type { ServerEntry, ToolEntry } from './catalogue.ts';
import { displayJson } from './text.ts';

/** One downloadable export of a server's starter policy. */
export interface PolicyDownload {
  format: PolicyFormat;
  label: string;
  mediaType: string;
  /** One sentence on how to enforce it. */
  enforce: string;
  /** File name inside `/api/policies/` (slug plus the format's suffix: safe). */
  fileName: string;
  /** Site-relative URL. */
  url: string;
}

const generated = new WeakMap<ServerEntry, GeneratedPolicy>();

/** The starter policy of a server, generated once per build. */
export function serverPolicy(server: ServerEntry): GeneratedPolicy {
  let policy = generated.get(server);
  if (policy === undefined) {
    policy = generatePolicy({ name: server.record.source.name, tools: server.record.scan.tools });
    generated.set(server, policy);
  }
  return policy;
}

/** The key a user would give the server in their client config, derived from our slug (never raw server text). */
export function serverKey(server: ServerEntry): string {
  return server.slug;
}

/** The download links of a server's policy, one per export format. */
export function policyDownloads(server: ServerEntry): PolicyDownload[] {
  return POLICY_FORMATS.map(({ format, label, mediaType, enforce, fileSuffix }) => ({
    format,
    label,
    mediaType,
    enforce,
    fileName: `${server.slug}${fileSuffix}`,
    url: `/api/policies/${server.slug}${fileSuffix}`,
  }));
}

/** The text of one export of a server's policy. */
export function policyText(server: ServerEntry, format: PolicyFormat): string {
  return exportPolicy(serverPolicy(server), format, { serverKey: serverKey(server) });
}

/** The policy restricted to one tool, as pretty JSON, plus the rationale behind it. */
export function toolPolicy(entry: ToolEntry): {
  snippet: Policy;
  json: string;
  rationale: GeneratedPolicy['rationale'][string] | undefined;
} {
  const policy = serverPolicy(entry.server);
  const snippet = toolPolicySnippet(policy, entry.tool.name);
  const rationale = Object.hasOwn(policy.rationale, entry.tool.name) ? policy.rationale[entry.tool.name] : policy.rationale['*'];
  return { snippet, json: displayJson(snippet), rationale };
}
