import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Swagger UI in a real headless Chromium (Debian's package, never a downloaded browser): QA's
 * path through /docs - see the operations, try POST /inventory/reserve, read the live answer -
 * against the real app on a real port, then the stock counters checked over plain HTTP.
 *
 * A missing browser is a failure, not a skip: `.ci/run` installs Debian's `chromium`.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 60_000;
const SKU = 'IPHONE-15-PRO-256';
const RESERVE_BODY = { sku: SKU, quantity: 2, userId: 'qa-1' };

/** What this machine needs: no sandbox as root, and no background calls to a closed network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('Swagger UI in a real browser', () => {
  let t: TestApp | undefined;
  let baseUrl: string;
  let userDataDir: string | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let screenshotDir: string;
  const pageErrors: string[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}: this browser test needs it and is not skipped. ` +
          'Install it with `apt-get install -y chromium` (.ci/run does) or set CHROMIUM_PATH.',
      );
    }
    t = await createTestApp({ SEED_SAMPLE_DATA: 'true' });
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;

    screenshotDir =
      process.env.SWAGGER_UI_SCREENSHOT_DIR ?? (await mkdtemp(join(tmpdir(), 'swagger-ui-shots-')));
    userDataDir = await mkdtemp(join(tmpdir(), 'swagger-ui-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 1600 },
      timeout: 30_000,
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (!request.url().startsWith(baseUrl) && !request.url().startsWith('data:')) {
        foreignRequests.push(request.url());
      }
    });
  }, TIMEOUT_MS);

  afterAll(async () => {
    await context?.close();
    await t?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  }, TIMEOUT_MS);

  /** Runs a UI step; on failure saves a screenshot and names it in the error. */
  async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      const shot = join(screenshotDir, `failed-${name}.png`);
      await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      if (error instanceof Error) error.message = `[${name}; screenshot: ${shot}] ${error.message}`;
      throw error;
    }
  }

  it(
    'shows the operations, runs POST /inventory/reserve from "Try it out" and holds the stock',
    async () => {
      await step('open-docs', async () => {
        await page.goto(`${baseUrl}/docs`);
        await page.locator('.opblock').first().waitFor({ state: 'visible' });
        await page.screenshot({ path: join(screenshotDir, 'docs-overview.png') });
      });

      const { title, tags, operations } = await step('read-operations', async () => ({
        title: (await page.locator('.info .title').innerText()).trim(),
        tags: (await page.locator('.opblock-tag').allInnerTexts()).map((s) => s.split('\n')[0]),
        operations: await page.locator('.opblock-summary').evaluateAll((summaries) =>
          summaries.map((s) => {
            const method = s.querySelector('.opblock-summary-method')?.textContent ?? '';
            const path = s.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
            return `${method.trim()} ${path}`;
          }),
        ),
      }));
      expect(title).toContain('Inventory Reservation Service');
      expect(tags).toEqual(
        expect.arrayContaining(['inventory', 'reservations', 'checkout', 'health']),
      );
      expect(operations).toEqual(
        expect.arrayContaining([
          'GET /inventory',
          'GET /inventory/{sku}',
          'POST /inventory',
          'POST /inventory/reserve',
          'GET /reservations/{id}',
          'POST /checkout/confirm',
          'POST /checkout/cancel',
          'GET /health',
        ]),
      );

      const reserve = page.locator('.opblock.opblock-post', {
        has: page.locator('.opblock-summary-path[data-path="/inventory/reserve"]'),
      });
      await step('try-it-out', async () => {
        await reserve.locator('.opblock-summary').click();
        await reserve.getByRole('button', { name: 'Try it out' }).click();
        const editor = reserve.locator('textarea.body-param__text');
        await editor.fill(JSON.stringify(RESERVE_BODY, null, 2));
        await reserve.getByRole('button', { name: 'Execute' }).click();
      });

      // The live response, not the documented examples (which also say 201 and isExisting: false).
      const live = reserve.locator('.live-responses-table');
      const { status, body } = await step('live-response', async () => {
        await live
          .locator('tr.response .response-col_status')
          .first()
          .waitFor({ state: 'visible' });
        return {
          status: (
            await live.locator('tr.response .response-col_status').first().innerText()
          ).trim(),
          body: await live.locator('tr.response .response-col_description pre').first().innerText(),
        };
      });
      await live.screenshot({ path: join(screenshotDir, 'reserve-live-response.png') });
      await page.screenshot({ path: join(screenshotDir, 'reserve-executed.png'), fullPage: true });

      expect(status).toBe('201');
      expect(body).toContain('"isExisting": false');
      expect(body).toContain('"userId": "qa-1"');
      expect(body).toContain('"quantity": 2');
      expect(body).toContain('"status": "active"');
      expect(pageErrors).toEqual([]);
      expect(foreignRequests).toEqual([]);

      const res = await fetch(`${baseUrl}/inventory/${SKU}`);
      expect(res.status).toBe(200);
      const item = (await res.json()) as { data: Record<string, unknown> };
      expect(item.data).toEqual(
        expect.objectContaining({
          sku: SKU,
          totalQuantity: 100,
          availableQuantity: 98,
          reservedQuantity: 2,
        }),
      );
    },
    TIMEOUT_MS,
  );
});
