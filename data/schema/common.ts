import { z } from 'zod';

/** Any JSON object (a JSON Schema, a capabilities map, …) exactly as a server sent it. Untrusted. */
export const JsonObjectSchema = z
  .record(z.string(), z.unknown())
  .describe('A JSON object exactly as the server sent it. Untrusted: never rendered without escaping.');

/** ISO 8601 timestamp in UTC. */
export const TimestampSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 timestamp (UTC).');

/** A short machine-readable code plus one readable sentence. */
export const CodedMessageSchema = z.object({
  code: z.string().min(1).describe('Stable machine-readable code in SCREAMING_SNAKE_CASE, e.g. `TIMEOUT_INITIALIZE`, `TOOLS_CAP_HIT`.'),
  message: z.string().describe('One readable sentence saying what happened and, where known, what to do.'),
});
export type CodedMessage = z.infer<typeof CodedMessageSchema>;

/** Slug: safe as a file name and a URL segment. Derived by us, never taken raw from a server. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$/)
  .describe('Lower-case ASCII letters, digits and single hyphens; safe as a file name and as a URL segment.');
