/** The chart fonts: DejaVu Sans, which PNGs are drawn in and text is measured by. */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

let fontCache: string[] | undefined;

/**
 * The font files resvg loads: DejaVu Sans regular and bold from the
 * `dejavu-fonts-ttf` package, else from Debian's fonts-dejavu-core.
 */
export function fontFiles(): string[] {
  if (fontCache) return fontCache;
  const names = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'];
  const dirs: string[] = [];
  try {
    dirs.push(join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf'));
  } catch {
    // not installed: fall back to the system copy
  }
  dirs.push('/usr/share/fonts/truetype/dejavu');
  for (const dir of dirs) {
    const files = names.map((n) => join(dir, n));
    if (files.every((f) => existsSync(f))) return (fontCache = files);
  }
  throw new Error('DejaVu Sans not found: run `npm install` (package dejavu-fonts-ttf) or install fonts-dejavu-core');
}

