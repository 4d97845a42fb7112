/**
 * The report in a real browser: headless Chromium (Debian package, started here by playwright-core with a fresh
 * profile) opens the HTML file from disk, and every chart must have rendered — an SVG with a non-empty box and,
 * for each mark kind the chart declares, a `g.mark-<kind>` group with drawn children — with no console error
 * and no page error. A full-page screenshot is taken and must be a non-trivial PNG.
 * `.ci/run` installs Chromium when it is missing (README: "The browser test").
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CHROMIUM, launchChromium } from '../helpers/browser.js';

const FIX = resolve(__dirname, 'fixtures');
const INPUTS = ['eval-mnist-mlp.json', 'compare-lenet5.json', 'compare-pruning.json', 'compress-minerva.json', 'sweep-random-1', 'sweep-random-2', 'sweep-nsga2-1', 'sweep-nsga2-2'].map((n) => join(FIX, n));

describe('the report in headless Chromium', () => {
  it('every chart rendered with its marks, no console errors, a screenshot', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'codesim-browser-'));
    const html = join(dir, 'report.html');
    let err = '';
    const code = await main(['report', ...INPUTS, '--out', html], { stdout: () => undefined, stderr: (s) => (err += s) });
    expect(code, err).toBe(0);

    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });

      // Minimal DOM shapes (the test typechecks without the DOM lib).
      interface El {
        readonly id: string;
        getAttribute(n: string): string | null;
        querySelector(q: string): (El & { getBoundingClientRect(): { width: number; height: number } }) | null;
        querySelectorAll(q: string): ArrayLike<El>;
      }
      const charts = await page.$$eval('section.chart', (secs: unknown[]) =>
        (secs as El[]).map((s) => {
          const svg = s.querySelector('figure > svg');
          const box = svg?.getBoundingClientRect();
          const marks = (s.getAttribute('data-marks') ?? '').split(' ').filter((m: string) => m !== '');
          return {
            id: s.id,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            marks: marks.map((m: string) => ({ kind: m, drawn: Array.from(s.querySelectorAll(`svg g.mark-${m}`)).reduce((a: number, g: El) => a + g.querySelectorAll('path, rect, line').length, 0) })),
            rows: s.querySelectorAll('table tbody tr').length,
          };
        }),
      );
      expect(charts).toHaveLength(16);
      for (const c of charts) {
        expect(c.width, c.id).toBeGreaterThan(200);
        expect(c.height, c.id).toBeGreaterThan(150);
        for (const m of c.marks) expect(m.drawn, `${c.id}: ${m.kind}`).toBeGreaterThan(0);
        expect(c.rows, c.id).toBeGreaterThan(0);
      }
      // Nothing but the file itself was requested (offline, self-contained).
      expect(requests).toEqual([pathToFileURL(html).href]);
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
