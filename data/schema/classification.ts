import { z } from 'zod';

/**
 * What a tool does to the world, in the users' meanings:
 * read = no side effects; write = creates/updates/sends/starts, additive or routinely recoverable;
 * destructive = deletes, drops, overwrites whole resources, kills, revokes, resets, moves money out,
 * or runs arbitrary code, commands, SQL or API requests.
 */
export const ToolClassSchema = z
  .enum(['read', 'write', 'destructive'])
  .describe('read: no side effects. write: additive or routinely recoverable changes. destructive: irreversible or unbounded effects.');
export type ToolClass = z.infer<typeof ToolClassSchema>;

/** Risk level, derived from class and capability tags (see docs/risk-model.md). */
export const RiskLevelSchema = z.enum(['low', 'medium', 'high', 'critical']).describe('Risk level derived from class and capability tags.');
export type RiskLevel = z.infer<typeof RiskLevelSchema>;

/** The fixed capability-tag vocabulary. */
export const CapabilityTagSchema = z
  .enum([
    'exec',
    'financial',
    'credentials',
    'filesystem',
    'network',
    'messaging',
    'database',
    'browser',
    'infrastructure',
    'vcs',
    'identity',
    'bulk',
  ])
  .describe(
    'exec: runs commands or code. financial: moves or manages money. credentials: reads or changes secrets/tokens/keys. ' +
      'filesystem: local files. network: reaches arbitrary URLs. messaging: sends to people. database: queries or changes databases. ' +
      'browser: drives a browser. infrastructure: cloud, containers, clusters. vcs: git and code hosting. identity: users and permissions. ' +
      'bulk: acts on many items at once.',
  );
export type CapabilityTag = z.infer<typeof CapabilityTagSchema>;

/** What the author's annotations say, read with the spec's defaults (absent = worst case). */
export const DeclaredAnnotationsSchema = z.object({
  explicit: z.boolean().describe('True when the tool carried at least one of the four hint annotations.'),
  readOnlyHint: z.boolean().describe('Declared or defaulted (false).'),
  destructiveHint: z.boolean().describe('Declared or defaulted (true).'),
  idempotentHint: z.boolean().describe('Declared or defaulted (false).'),
  openWorldHint: z.boolean().describe('Declared or defaulted (true).'),
  class: ToolClassSchema.describe('The class these hints imply: readOnly -> read; destructiveHint false -> write; otherwise destructive.'),
});
export type DeclaredAnnotations = z.infer<typeof DeclaredAnnotationsSchema>;

/** Our verdict on one tool. Every verdict carries the reasons that decided it. */
export const ClassificationSchema = z.object({
  class: ToolClassSchema,
  risk: RiskLevelSchema,
  tags: z.array(CapabilityTagSchema).describe('Capability tags, sorted, no duplicates.'),
  reasons: z
    .array(z.string())
    .min(1)
    .describe('Short human-readable signals that decided the verdict, strongest first, e.g. "name starts with the verb `delete`".'),
  declared: DeclaredAnnotationsSchema,
  mismatch: z.string().optional().describe('Present when the author declares the tool safer than it is: one sentence saying how.'),
  confidence: z.number().min(0).max(1).describe('How sure the verdict is, 0..1; below 0.6 the site shows "uncertain".'),
});
export type Classification = z.infer<typeof ClassificationSchema>;

/** Stable finding codes. */
export const FindingCodeSchema = z
  .enum([
    'hidden-instructions',
    'invisible-unicode',
    'ansi-escape',
    'tool-shadowing',
    'exfiltration-parameter',
    'annotation-mismatch',
    'rug-pull',
  ])
  .describe(
    'hidden-instructions: text aimed at the model (<IMPORTANT>, "do not tell the user", read ~/.ssh …). ' +
      'invisible-unicode: zero-width, bidi-control or tag characters. ansi-escape: terminal escape sequences. ' +
      "tool-shadowing: references or overrides other servers' tools. exfiltration-parameter: free-text parameter shaped to carry data out. " +
      'annotation-mismatch: declared hints say safer than the tool is. rug-pull: description changed after first scan.',
  );
export type FindingCode = z.infer<typeof FindingCodeSchema>;

/** A security finding on a tool (or on the server as a whole). */
export const FindingSchema = z.object({
  code: FindingCodeSchema,
  severity: RiskLevelSchema.describe('How bad it is if exploited.'),
  message: z.string().describe('One readable sentence.'),
  evidence: z.string().describe('The matching text (capped, control characters made visible as \\u escapes).'),
  field: z.string().optional().describe('Where it was found, e.g. `description`, `inputSchema.properties.notes`, `name`.'),
});
export type Finding = z.infer<typeof FindingSchema>;
