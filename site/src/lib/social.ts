import type { RiskLevel, ToolClass } from '../../../data/schema/index.ts';

/** What a social image shows. */
export type SocialImage = { kind: 'site' } | { kind: 'tool'; cls?: ToolClass; risk?: RiskLevel } | { kind: 'server'; risk?: RiskLevel };

/** File name (under `/og/`) of the social image for a page: one per tool class and risk, one per server risk. Pure. */
export function socialImageName(image: SocialImage): string {
  if (image.kind === 'tool' && image.cls !== undefined && image.risk !== undefined) return `tool-${image.cls}-${image.risk}.png`;
  if (image.kind === 'server') return `server-${image.risk ?? 'unrated'}.png`;
  return 'site.png';
}
