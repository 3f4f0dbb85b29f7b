import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { CLASSES, RISKS } from '../src/lib/catalogue.ts';
import { socialImageName } from '../src/lib/social.ts';

const COLOURS: Record<string, string> = { low: '#2e7d32', medium: '#b26a00', high: '#c62828', critical: '#7b1fa2', unrated: '#546e7a' };
const VERDICT: Record<string, string> = {
  read: 'no side effects: allow, rate-limited',
  write: 'changes data: rate-limit and validate',
  destructive: 'irreversible: deny or ask a human',
};

function svg(heading: string, line: string, risk: string): string {
  // Only fixed words from this file: no server text ever reaches an image.
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#0b3d2e"/>
<rect x="0" y="560" width="1200" height="70" fill="${COLOURS[risk] ?? COLOURS.unrated}"/>
<path d="M80 150V70l48 44 48-44v80" fill="none" stroke="#7ee2b8" stroke-width="16" stroke-linecap="round" stroke-linejoin="round"/>
<text x="210" y="138" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="64" font-weight="bold" fill="#ffffff">MCP Atlas</text>
<text x="80" y="320" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="76" font-weight="bold" fill="#ffffff">${heading}</text>
<text x="80" y="410" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="40" fill="#cfe9dd">${line}</text>
<text x="80" y="608" font-family="DejaVu Sans, Liberation Sans, sans-serif" font-size="30" fill="#ffffff">Risk catalogue of MCP servers and tools · starter policies</text>
</svg>`;
}

/**
 * Renders the social (Open Graph) images as PNG with sharp: one per tool class and risk, one per server risk, and one
 * for the site — 18 files whatever the catalogue size, so build time does not grow with it. Returns the files written.
 */
export async function writeSocialImages(outDir: string): Promise<number> {
  const dir = join(outDir, 'og');
  await mkdir(dir, { recursive: true });
  const images: [string, string][] = [
    [socialImageName({ kind: 'site' }), svg('Is this MCP tool safe?', 'Every tool classified, with reasons and a policy', 'unrated')],
  ];
  for (const cls of CLASSES)
    for (const risk of RISKS)
      images.push([socialImageName({ kind: 'tool', cls, risk }), svg(`${cls} tool · ${risk} risk`, VERDICT[cls]!, risk)]);
  for (const risk of [...RISKS, undefined])
    images.push([
      socialImageName({ kind: 'server', risk }),
      svg(
        risk === undefined ? 'MCP server · not rated' : `MCP server · up to ${risk} risk`,
        'Tools, risks and a starter policy',
        risk ?? 'unrated',
      ),
    ]);
  await Promise.all(images.map(async ([name, text]) => writeFile(join(dir, name), await sharp(Buffer.from(text)).png().toBuffer())));
  return images.length;
}
