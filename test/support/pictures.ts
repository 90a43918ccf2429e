import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/*
 * Pixel comparison of two PNG screenshots, done in Chromium itself (both pictures drawn into a canvas and read
 * back), so the README pictures can be checked without an image library. Regions that show values which change on
 * every run (one-time codes, times, transaction ids, ports) are left out of the comparison.
 */

/** A box in the page's viewport, in CSS pixels (the screenshots are taken at device scale 1). */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/**
 * The few DOM members the page-side code below uses, typed here because the project compiles without the DOM
 * library (server code must not lean on browser globals). Read with `Reflect.get` inside the page.
 */
interface PageDom {
  readonly document: {
    querySelectorAll(selector: string): Iterable<object>;
    createTreeWalker(root: object, whatToShow: number): { nextNode(): { textContent: string | null } | null };
    createRange(): {
      setStart(node: object, offset: number): void;
      setEnd(node: object, offset: number): void;
      getClientRects(): Iterable<Region>;
    };
    createElement(tag: 'canvas'): {
      width: number;
      height: number;
      getContext(
        kind: '2d',
        options: { willReadFrequently: boolean },
      ): {
        drawImage(image: object, x: number, y: number): void;
        getImageData(x: number, y: number, width: number, height: number): Pixels;
        createImageData(width: number, height: number): Pixels;
        putImageData(pixels: Pixels, x: number, y: number): void;
      } | null;
      toDataURL(type: 'image/png'): string;
    };
  };
  readonly Image: new () => { src: string; naturalWidth: number; naturalHeight: number; decode(): Promise<void> };
}

export interface PictureDiff {
  /** The two pictures' sizes as `WxH`; when they differ nothing else is compared. */
  readonly actualSize: string;
  readonly expectedSize: string;
  /** Pixels compared (outside the masked regions) and how many of them differ beyond the per-channel tolerance. */
  readonly compared: number;
  readonly differing: number;
  readonly ratio: number;
  /** PNG of the actual picture with the differing pixels in red and the masked regions greyed out. */
  readonly diffPng: Buffer;
}

/**
 * A pixel differs when one of its channels differs by more than this (out of 255): text anti-aliasing that a
 * different FreeType or GPU path shades a little lighter or darker stays under it; a glyph, an edge or a colour
 * that moves does not.
 */
export const CHANNEL_TOLERANCE = 48;

/** The element's box in the page's viewport (also inside an iframe), grown by a pixel for anti-aliased edges. */
export async function regionOf(locator: Locator): Promise<Region[]> {
  const box = await locator.boundingBox();
  return box ? [grow(box)] : [];
}

/**
 * The boxes of every match of `pattern` in the text under `selector` (main frame only), e.g. the times in a list.
 * Matches are found per text node, so a value split across elements is not found.
 */
export async function regionsOfText(page: Page, selector: string, pattern: RegExp): Promise<Region[]> {
  const boxes = await page.evaluate(
    ({ selector, source, flags }) => {
      const { document }: Pick<PageDom, 'document'> = { document: Reflect.get(globalThis, 'document') };
      const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
      const found: Region[] = [];
      for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          for (const match of text.matchAll(new RegExp(source, flags))) {
            const range = document.createRange();
            range.setStart(node, match.index);
            range.setEnd(node, match.index + match[0].length);
            for (const r of range.getClientRects()) found.push({ x: r.x, y: r.y, width: r.width, height: r.height });
          }
        }
      }
      return found;
    },
    { selector, source: pattern.source, flags: pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g` },
  );
  return boxes.map(grow);
}

function grow(r: Region): Region {
  return { x: r.x - 1, y: r.y - 1, width: r.width + 2, height: r.height + 2 };
}

/**
 * Compares `actual` with `expected` (both PNG) in `lab`, a blank page of any browser context. Pixels inside `masks`
 * are not compared.
 */
export async function comparePictures(
  lab: Page,
  actual: Buffer,
  expected: Buffer,
  masks: readonly Region[],
): Promise<PictureDiff> {
  const result = await lab.evaluate(
    async ({ actual, expected, masks, tolerance }) => {
      // Inline callbacks only: this function is serialised into the page, where no helper of ours exists.
      const dom: PageDom = { document: Reflect.get(globalThis, 'document'), Image: Reflect.get(globalThis, 'Image') };
      const [a, e] = await Promise.all(
        [actual, expected].map(async (base64) => {
          const image = new dom.Image();
          image.src = `data:image/png;base64,${base64}`;
          await image.decode();
          const canvas = dom.document.createElement('canvas');
          canvas.width = image.naturalWidth;
          canvas.height = image.naturalHeight;
          const context = canvas.getContext('2d', { willReadFrequently: true });
          if (!context) throw new Error('no 2d canvas');
          context.drawImage(image, 0, 0);
          return { canvas, context, data: context.getImageData(0, 0, canvas.width, canvas.height) };
        }),
      );
      if (!a || !e) throw new Error('two pictures expected');
      const base = { actualSize: `${a.data.width}x${a.data.height}`, expectedSize: `${e.data.width}x${e.data.height}` };
      if (base.actualSize !== base.expectedSize) return { ...base, compared: 0, differing: 0, diff: '' };
      const { width, height } = a.data;
      const masked = new Uint8Array(width * height);
      for (const m of masks) {
        const x0 = Math.max(0, Math.floor(m.x));
        const y0 = Math.max(0, Math.floor(m.y));
        const x1 = Math.min(width, Math.ceil(m.x + m.width));
        const y1 = Math.min(height, Math.ceil(m.y + m.height));
        for (let y = y0; y < y1; y++) masked.fill(1, y * width + x0, Math.max(y * width + x0, y * width + x1));
      }
      const out = a.context.createImageData(width, height);
      let compared = 0;
      let differing = 0;
      for (let i = 0; i < width * height; i++) {
        const o = i * 4;
        const grey = (a.data.data[o]! + a.data.data[o + 1]! + a.data.data[o + 2]!) / 3;
        out.data[o + 3] = 255;
        if (masked[i]) {
          out.data.fill(160, o, o + 3);
          continue;
        }
        compared++;
        let delta = 0;
        for (let c = 0; c < 4; c++) delta = Math.max(delta, Math.abs(a.data.data[o + c]! - e.data.data[o + c]!));
        if (delta > tolerance) {
          differing++;
          out.data.set([255, 0, 0], o);
        } else {
          out.data.fill(Math.round(255 - (255 - grey) / 4), o, o + 3);
        }
      }
      a.context.putImageData(out, 0, 0);
      return { ...base, compared, differing, diff: a.canvas.toDataURL('image/png').split(',')[1] ?? '' };
    },
    { actual: actual.toString('base64'), expected: expected.toString('base64'), masks, tolerance: CHANNEL_TOLERANCE },
  );
  const { diff, ...figures } = result;
  return {
    ...figures,
    ratio: figures.compared === 0 ? 1 : figures.differing / figures.compared,
    diffPng: Buffer.from(diff, 'base64'),
  };
}

/**
 * Share of the compared pixels that may differ before a picture counts as changed. Outside the masked values,
 * Chromium draws these pages pixel-identically run after run (0 differing pixels measured over repeated runs), so
 * the limit can be tight: 0.01 % is 88 pixels of a 1100×800 view and 32 of the 400×800 phone, less than one
 * character of body text. It absorbs a stray pixel or two at a mask's edge; any changed word, colour or shift fails.
 */
export const MAX_DIFF_RATIO = 0.0001;

export interface PictureOutcome {
  readonly name: string;
  /** `same` (within tolerance), `changed`, `missing` (no README picture yet) or `written` (docs:images mode). */
  readonly verdict: 'same' | 'changed' | 'missing' | 'written';
  readonly detail: string;
}

/**
 * The README pictures of a walkthrough: each screenshot is saved under `results`, then compared with the picture
 * of the same name in `readme`. With `write` (the `npm run docs:images` run), a picture that differs beyond the
 * tolerance, or is new, is written into `readme`; one that is the same is left alone, so unchanged pages do not
 * churn in git.
 */
export class ReadmePictures {
  readonly outcomes: PictureOutcome[] = [];

  constructor(
    private readonly lab: Page,
    private readonly dirs: { readonly readme: string; readonly results: string },
    private readonly write: boolean,
  ) {}

  async take(page: Page, name: string, masks: readonly Region[] = []): Promise<void> {
    mkdirSync(this.dirs.results, { recursive: true });
    const file = `${name}.png`;
    const actual = await page.screenshot({ path: join(this.dirs.results, file), fullPage: false });
    const readme = join(this.dirs.readme, file);
    if (!existsSync(readme)) {
      if (this.write) writeFileSync(readme, actual);
      this.outcomes.push({ name, verdict: this.write ? 'written' : 'missing', detail: 'no picture before' });
      return;
    }
    const diff = await comparePictures(this.lab, actual, readFileSync(readme), masks);
    const sameSize = diff.actualSize === diff.expectedSize;
    const detail = sameSize
      ? `${diff.differing} of ${diff.compared} compared pixels differ (${(diff.ratio * 100).toFixed(3)} %; ` +
        `${masks.length} regions masked)`
      : `size ${diff.actualSize}, README picture ${diff.expectedSize}`;
    if (sameSize && diff.ratio <= MAX_DIFF_RATIO) {
      this.outcomes.push({ name, verdict: 'same', detail });
    } else if (this.write) {
      writeFileSync(readme, actual);
      this.outcomes.push({ name, verdict: 'written', detail });
    } else {
      if (sameSize) writeFileSync(join(this.dirs.results, `${name}.diff.png`), diff.diffPng);
      this.outcomes.push({ name, verdict: 'changed', detail });
    }
  }

  /**
   * One line per README picture that is not as this run drew it (changed, missing, or not drawn at all), saying
   * what to look at.
   */
  problems(): string[] {
    const expectedNames = readdirSync(this.dirs.readme)
      .filter((f) => f.endsWith('.png'))
      .map((f) => f.slice(0, -'.png'.length));
    const results = relative(process.cwd(), this.dirs.results);
    const readme = relative(process.cwd(), this.dirs.readme);
    const taken = new Set(this.outcomes.map((o) => o.name));
    const lines = this.outcomes
      .filter((o) => o.verdict === 'changed' || o.verdict === 'missing')
      .map((o) =>
        o.verdict === 'missing'
          ? `${readme}/${o.name}.png does not exist (this run's picture: ${results}/${o.name}.png)`
          : `${readme}/${o.name}.png differs from this run: ${o.detail}, limit ${MAX_DIFF_RATIO * 100} %; ` +
            `see ${results}/${o.name}.png and ${o.name}.diff.png (red = differing pixels, grey = masked)`,
      );
    for (const name of expectedNames) {
      if (!taken.has(name)) lines.push(`${readme}/${name}.png was not drawn by this run (a step failed or is gone)`);
    }
    return lines;
  }
}
