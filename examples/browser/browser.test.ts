// The report and the demo page in a real browser: Debian's Chromium driven by playwright-core.
// Screenshots land in .tmp/artifacts/ (gitignored). Without Chromium the tests are skipped, saying so.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '@adamant/train';
import config from './vite.config.js';

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!chromium)
  console.warn(
    "browser tests skipped: no Chromium at /usr/bin/chromium (install Debian's package: apt-get install chromium)",
  );
const artifacts = resolve(dirname(fileURLToPath(import.meta.url)), '../../.tmp/artifacts');
const work = mkdtempSync(join(tmpdir(), 'adamant-browser-demo-'));

let browser: Browser;
beforeAll(async () => {
  if (!chromium) return;
  mkdirSync(artifacts, { recursive: true });
  browser = await playwright.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
});
afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A page that records console errors, uncaught exceptions and every request it makes. */
async function open(options: { viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' } = {}) {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const errors: string[] = [],
    requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  return { context, page, errors, requests };
}

/** Each chart's series as [name, data-points, vertices of its line]. */
const chartSeries = (page: Page, id: string) =>
  page.$$eval(`svg[data-chart="${id}"] g.series`, (gs) =>
    gs.map((g) => [
      g.getAttribute('data-name'),
      Number(g.getAttribute('data-points')),
      (g.querySelector('path.line')!.getAttribute('d')!.match(/[ML]/g) ?? []).length,
    ]),
  );

describe.skipIf(!chromium)('the HTML report in Chromium', () => {
  const epochs = (n: number, k: number) =>
    Array.from({ length: n }, (_, i) => ({
      epoch: i + 1,
      loss: k / (i + 1),
      accuracy: 0.8 + i / 50,
      valLoss: (1.1 * k) / (i + 1),
      valAccuracy: 0.78 + i / 60,
      lr: 1e-3,
      seconds: 1,
    }));
  const steps = (n: number, k: number) => ({
    loss: Array.from({ length: n }, (_, i) => k * Math.exp(-i / 40) + 0.1 * Math.abs(Math.sin(i))),
    lr: new Array(n).fill(1e-3),
  });
  const digit = (label: number) => ({
    pixels: Array.from({ length: 784 }, (_, p) => (Math.abs((p % 28) - 14) < 3 ? 1 : 0)),
    label,
    predicted: (label + 1) % 10,
  });
  const html = renderReport(
    [
      {
        name: 'adam',
        epochs: epochs(5, 1),
        steps: steps(150, 2),
        settings: { optimizer: { name: 'adam', lr: 1e-3 }, seed: 1, batchSize: 64 },
        confusionMatrix: Array.from({ length: 10 }, (_, i) =>
          Array.from({ length: 10 }, (_, j) => (i === j ? 190 : (i + j) % 9 === 0 ? 4 : 0)),
        ),
        misclassified: [digit(1), digit(7), digit(4)],
      },
      {
        name: 'sgd',
        epochs: epochs(5, 1.5),
        steps: steps(150, 2.5),
        settings: { optimizer: { name: 'sgd', lr: 0.1 }, seed: 1, batchSize: 64 },
      },
    ],
    { title: 'Browser test report' },
  );
  const file = join(work, 'report.html');
  writeFileSync(file, html);

  it('loads with no console error and no request beyond the file; each chart has its series and points', async () => {
    const { context, page, errors, requests } = await open();
    await page.goto(`file://${file}`);
    expect(errors).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);
    expect(await chartSeries(page, 'loss-step')).toEqual([
      ['adam loss', 150, 150],
      ['sgd loss', 150, 150],
    ]);
    expect(await chartSeries(page, 'loss-epoch')).toEqual([
      ['adam train', 5, 5],
      ['adam validation', 5, 5],
      ['sgd train', 5, 5],
      ['sgd validation', 5, 5],
    ]);
    expect((await chartSeries(page, 'accuracy-epoch')).length).toBe(4);
    expect(await chartSeries(page, 'lr')).toEqual([
      ['adam lr', 150, 150],
      ['sgd lr', 150, 150],
    ]);
    expect(await page.$$eval('svg[data-chart="confusion"] rect.cell', (r) => r.length)).toBe(100);
    expect(await page.$$eval('.image-grid figure.digit', (f) => f.length)).toBe(3);
    // The log-scale switch shows the log charts instead of the linear ones, with no script.
    expect(await page.isVisible('svg[data-chart="loss-epoch"]')).toBe(true);
    expect(await page.isVisible('svg[data-chart="loss-epoch-log"]')).toBe(false);
    await page.click('#log-scale');
    expect(await page.isVisible('svg[data-chart="loss-epoch"]')).toBe(false);
    expect(await page.isVisible('svg[data-chart="loss-epoch-log"]')).toBe(true);
    await page.screenshot({ path: join(artifacts, 'report-1280.png'), fullPage: true });
    await context.close();
  });

  it('fits a phone width and turns dark in dark mode', async () => {
    const { context, page, errors } = await open({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' });
    await page.goto(`file://${file}`);
    expect(errors).toEqual([]);
    const { scroll, background } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      background: getComputedStyle(document.body).backgroundColor,
    }));
    expect(scroll).toBeLessThanOrEqual(390);
    expect(background).toBe('rgb(13, 17, 23)');
    const chartWidth = await page.$eval('svg[data-chart="loss-step"]', (s) => s.getBoundingClientRect().width);
    expect(chartWidth).toBeGreaterThan(300);
    expect(chartWidth).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(artifacts, 'report-phone-dark.png'), fullPage: true });
    await context.close();
  });
});

describe.skipIf(!chromium)('the browser demo (examples/browser) in Chromium', () => {
  let server: PreviewServer;
  beforeAll(async () => {
    const outDir = join(work, 'dist');
    await build({ ...config, configFile: false, logLevel: 'error', build: { ...config.build, outDir } });
    server = await preview({
      ...config,
      configFile: false,
      logLevel: 'error',
      build: { ...config.build, outDir },
      preview: { port: 0, host: '127.0.0.1' },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  it('trains in a worker past 90% test accuracy, works offline, classifies a drawn stroke, restarts on a new optimizer, stops', async () => {
    const { context, page, errors, requests } = await open();
    await page.goto(server.resolvedUrls!.local[0]);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    // Loaded: from here on nothing may need the network.
    await context.setOffline(true);
    const loaded = requests.length;
    const steps = () => page.$eval('#loss-chart', (e) => Number((e as HTMLElement).dataset.steps));
    await page.waitForFunction(() => Number(document.getElementById('loss-chart')!.dataset.steps) >= 20, null, {
      timeout: 20_000,
    });
    const early = await steps();
    await page.waitForFunction((n) => Number(document.getElementById('loss-chart')!.dataset.steps) > n + 50, early, {
      timeout: 20_000,
    });
    expect((await chartSeries(page, 'live-loss'))[0][1]).toBeGreaterThan(early);
    // The page keeps answering while the worker trains.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await page.waitForFunction(() => Number(document.getElementById('acc-chart')!.dataset.testAccuracy) > 0.9, null, {
      timeout: 40_000,
    });
    const accuracy = Number(await page.$eval('#acc-chart', (e) => (e as HTMLElement).dataset.testAccuracy));
    expect(accuracy).toBeGreaterThan(0.9);
    console.log(
      `browser demo: test accuracy ${(100 * accuracy).toFixed(2)}% after ${await page.$eval('#acc-chart', (e) => (e as HTMLElement).dataset.epochs)} epochs`,
    );

    // A vertical stroke: a "1".
    const box = (await (await page.$('#pad'))!.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let i = 1; i <= 20; i++)
      await page.mouse.move(box.x + box.width * (0.5 - i * 0.002), box.y + box.height * (0.15 + i * 0.035));
    await page.mouse.up();
    await page.waitForSelector('#probs[data-prediction]', { timeout: 10_000 });
    const probs: number[] = JSON.parse((await page.$eval('#probs', (e) => (e as HTMLElement).dataset.probs))!);
    expect(probs).toHaveLength(10);
    expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(await page.$eval('#probs', (e) => (e as HTMLElement).dataset.prediction)).toBe('1');
    await page.screenshot({ path: join(artifacts, 'demo-trained.png'), fullPage: true });

    // Switching the optimizer restarts: run 2, sgd, the curve starts again from step 0.
    const before = await steps();
    await page.selectOption('#optimizer', 'sgd');
    await page.waitForSelector('body[data-run="2"][data-optimizer="sgd"]');
    expect(await page.inputValue('#lr')).toBe('0.001');
    await page.waitForFunction(
      (n) => {
        const s = Number(document.getElementById('loss-chart')!.dataset.steps);
        return s > 5 && s < n;
      },
      before,
      { timeout: 20_000 },
    );
    expect(await page.textContent('#status')).toMatch(/^run 2: sgd/);
    // A bad lr is refused, and the message stays while run 2 goes on training (its progress must not hide it).
    await page.fill('#lr', '-1');
    await page.click('#start');
    await page.waitForTimeout(800);
    expect(await page.textContent('#status')).toBe('lr must be a positive number, got "-1"');
    expect(await page.getAttribute('#lr', 'aria-invalid')).toBe('true');
    // Stop ends the run at once: the curve stops growing.
    await page.click('#stop');
    await page.waitForTimeout(300); // the last frame drawn before the click
    const stopped = await steps();
    await page.waitForTimeout(1000);
    expect(await steps()).toBe(stopped);
    expect(await page.textContent('#status')).toBe(`run 2 stopped after ${stopped} steps`);
    expect(errors).toEqual([]);
    expect(requests.slice(loaded)).toEqual([]);
    await context.close();
  }, 90_000);
});
