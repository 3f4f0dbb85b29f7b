// The fields MCP 2025-11-25 defines beyond names and text: icons, `_meta`, a tool's `execution`, a resource's `size`
// and `annotations`. Each is copied within bounds and checked against the spec's shape; a malformed one is left out
// (the caller says so) rather than costing the whole tool or resource.
import type { Icon, ToolExecution } from '../../data/schema/index.ts';
import { boundedCopy, cutText } from './bounded-json.ts';
import { isJsonObject } from './describe-value.ts';
import type { ScanLimits } from './scan-options.ts';

/** Icons kept per item; a server listing more is cut to these. */
export const MAX_ICONS = 16;
/** Longest icon `src` kept (a data: URI of a small PNG fits; a larger one is left out, not cut into a broken URI). */
export const MAX_ICON_SRC_CHARS = 16 * 1024;
/** Sizes kept per icon. */
const MAX_ICON_SIZES = 16;

/** What a spec field became: the kept value, or why it was left out (`undefined` both: it was not sent). */
export interface Kept<T> {
  value?: T;
  /** Set when the field was sent but not kept whole: a sentence that ends "…, and was ignored" or "…, and was cut". */
  problem?: string;
}

const short = (text: string, limits: ScanLimits): string => cutText(text, limits.maxFieldChars)?.text ?? '';

/** `icons`: an array of `{src, mimeType?, sizes?, theme?}`. Icons that are not of that shape are dropped one by one. */
export function keepIcons(raw: unknown, limits: ScanLimits): Kept<Icon[]> {
  if (raw === undefined) return {};
  if (!Array.isArray(raw)) return { problem: '`icons` is not an array, and was ignored' };
  const icons: Icon[] = [];
  let dropped = 0;
  for (const item of raw.slice(0, MAX_ICONS)) {
    if (!isJsonObject(item) || typeof item.src !== 'string' || item.src === '' || item.src.length > MAX_ICON_SRC_CHARS) {
      dropped++;
      continue;
    }
    const icon: Icon = { src: cutText(item.src, MAX_ICON_SRC_CHARS)!.text };
    if (typeof item.mimeType === 'string') icon.mimeType = short(item.mimeType, limits);
    if (Array.isArray(item.sizes))
      icon.sizes = item.sizes
        .filter((size): size is string => typeof size === 'string')
        .slice(0, MAX_ICON_SIZES)
        .map((size) => short(size, limits));
    if (item.theme === 'light' || item.theme === 'dark') icon.theme = item.theme;
    icons.push(icon);
  }
  const cut = raw.length > MAX_ICONS ? ` (${raw.length - MAX_ICONS} past the first ${MAX_ICONS} left out)` : '';
  const problem =
    dropped > 0 || cut !== ''
      ? `${dropped > 0 ? `${dropped} of its icons had no usable \`src\` (a string of at most ${MAX_ICON_SRC_CHARS} characters)` : 'its icons were cut'}${cut}, and were ignored`
      : undefined;
  return { ...(icons.length > 0 ? { value: icons } : {}), ...(problem !== undefined ? { problem } : {}) };
}

/** A free-form object (`_meta`, extra keys): a bounded copy, or left out when it is not an object or too big. */
export function keepObject(raw: unknown, field: string, limits: ScanLimits): Kept<Record<string, unknown>> {
  if (raw === undefined) return {};
  if (!isJsonObject(raw)) return { problem: `\`${field}\` is not an object, and was ignored` };
  const copy = boundedCopy(raw, { maxDepth: 16, maxStringChars: limits.maxFieldChars, maxChars: limits.maxStructureChars });
  if (copy.value === undefined) return { problem: `\`${field}\` passes ${limits.maxStructureChars} characters, and was ignored` };
  return {
    value: copy.value as Record<string, unknown>,
    ...(copy.tooDeep || copy.cutStrings ? { problem: `\`${field}\` was nested too deep or held long strings, and was cut` } : {}),
  };
}

/** A tool's `execution`: `taskSupport` must be one of the spec's three values; other keys are kept, bounded. */
export function keepExecution(raw: unknown, limits: ScanLimits): Kept<ToolExecution> {
  const kept = keepObject(raw, 'execution', limits);
  if (kept.value === undefined) return kept;
  const { taskSupport, ...rest } = kept.value;
  if (taskSupport === undefined || taskSupport === 'forbidden' || taskSupport === 'optional' || taskSupport === 'required')
    return kept as Kept<ToolExecution>;
  return { value: rest, problem: '`execution.taskSupport` is not forbidden, optional or required, and was ignored' };
}

/** A resource's `size` in bytes: a non-negative integer. */
export function keepSize(raw: unknown): Kept<number> {
  if (raw === undefined) return {};
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return { value: raw };
  return { problem: '`size` is not a non-negative integer, and was ignored' };
}

/** A resource's `annotations`: audience (user/assistant), priority in [0, 1], lastModified; bad values are dropped. */
export function keepResourceAnnotations(raw: unknown, limits: ScanLimits): Kept<Record<string, unknown>> {
  const kept = keepObject(raw, 'annotations', limits);
  if (kept.value === undefined) return kept;
  const { audience, priority, lastModified, ...rest } = kept.value;
  const clean: Record<string, unknown> = { ...rest };
  const bad: string[] = [];
  if (audience !== undefined) {
    if (Array.isArray(audience) && audience.every((role) => role === 'user' || role === 'assistant')) clean.audience = audience;
    else bad.push('audience');
  }
  if (priority !== undefined) {
    if (typeof priority === 'number' && priority >= 0 && priority <= 1) clean.priority = priority;
    else bad.push('priority');
  }
  if (lastModified !== undefined) {
    if (typeof lastModified === 'string') clean.lastModified = lastModified;
    else bad.push('lastModified');
  }
  const problem =
    bad.length > 0
      ? `\`annotations.${bad.join('`, `annotations.')}\` ${bad.length > 1 ? 'do' : 'does'} not follow the spec, and ${bad.length > 1 ? 'were' : 'was'} ignored`
      : kept.problem;
  return { value: clean, ...(problem !== undefined ? { problem } : {}) };
}
