import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Swagger UI in a real headless Chromium (Debian's package, never a downloaded browser): QA's
 * path through /docs against the real app on a real port - see the operations, then reserve,
 * reserve again, confirm, reserve again and cancel with the pre-filled bodies (editing only the
 * reservationId a tester copies from the answer), never meeting a 422 or a replay they did not
 * ask for; then the stock counters checked over plain HTTP.
 *
 * Without a browser at CHROMIUM_PATH (default /usr/bin/chromium) the test is skipped with one
 * line saying why and how to get one, like the MongoDB leg; under CI (`.ci/run` sets CI=true and
 * installs Debian's `chromium`) a missing browser is a failure.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IN_CI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const TIMEOUT_MS = 90_000;
const SKU = 'IPHONE-15-PRO-256';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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

interface Executed {
  status: number;
  body: { success: boolean; code?: string; data?: Record<string, unknown> };
  /** Response headers, lower-cased. */
  headers: Record<string, string>;
  /** The Idempotency-Key the browser sent. */
  sentKey: string | undefined;
}

if (!existsSync(CHROMIUM) && !IN_CI) {
  const why =
    `no Chromium at ${CHROMIUM}; install it with \`apt-get install -y chromium\` ` +
    '(Debian/Ubuntu) or point CHROMIUM_PATH at one; CI installs it and fails without it';
  process.stderr.write(`\nSwagger UI browser test SKIPPED: ${why}.\n`);
  describe.skip(`Swagger UI in a real browser — SKIPPED: ${why}`, () => {
    it("runs QA's reserve, confirm and cancel flow in Swagger UI", () => undefined);
  });
} else {
  describeSwaggerUi();
}

function describeSwaggerUi(): void {
  describe('Swagger UI in a real browser', () => {
    let t: TestApp | undefined;
    let baseUrl: string;
    let userDataDir: string | undefined;
    let context: BrowserContext | undefined;
    let page: Page;
    let screenshotDir: string;
    const pageErrors: string[] = [];
    const foreignRequests: string[] = [];
    const cspViolations: string[] = [];
    const tried = new Set<string>();

    beforeAll(async () => {
      if (!existsSync(CHROMIUM)) {
        throw new Error(
          `Chromium not found at ${CHROMIUM}, and CI is set: this browser test must run in CI. ` +
            'Install it with `apt-get install -y chromium` (.ci/run does) or set CHROMIUM_PATH.',
        );
      }
      t = await createTestApp({ SEED_SAMPLE_DATA: 'true' });
      await t.app.listen(0, '127.0.0.1');
      const address = t.app.getHttpServer().address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      baseUrl = `http://127.0.0.1:${address.port}`;

      screenshotDir =
        process.env.SWAGGER_UI_SCREENSHOT_DIR ??
        (await mkdtemp(join(tmpdir(), 'swagger-ui-shots-')));
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
      // The helmet CSP must not block anything Swagger UI needs.
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
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
        if (error instanceof Error)
          error.message = `[${name}; screenshot: ${shot}] ${error.message}`;
        throw error;
      }
    }

    const operation = (path: string): Locator =>
      page.locator('.opblock.opblock-post', {
        has: page.locator(`.opblock-summary-path[data-path="${path}"]`),
      });

    /** Opens an operation and presses "Try it out" (once per operation, as a tester would). */
    async function tryItOut(path: string): Promise<Locator> {
      const op = operation(path);
      if (!tried.has(path)) {
        await op.locator('.opblock-summary').click();
        await op.getByRole('button', { name: 'Try it out' }).click();
        tried.add(path);
      }
      return op;
    }

    /** The body editor's current (pre-filled or last edited) JSON. */
    async function bodyOf(path: string): Promise<Record<string, unknown>> {
      const op = await tryItOut(path);
      return JSON.parse(await op.locator('textarea.body-param__text').inputValue()) as Record<
        string,
        unknown
      >;
    }

    /** Presses Execute (after an optional body edit) and reads the answer off the network. */
    async function execute(
      path: string,
      edit?: (body: Record<string, unknown>) => Record<string, unknown>,
    ): Promise<Executed> {
      return step(`execute-${path.replaceAll('/', '_')}`, async () => {
        const op = await tryItOut(path);
        if (edit) {
          const editor = op.locator('textarea.body-param__text');
          await editor.fill(JSON.stringify(edit(await bodyOf(path)), null, 2));
        }
        const answered = page.waitForResponse(
          (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path,
        );
        await op.getByRole('button', { name: 'Execute' }).click();
        const response = await answered;
        return {
          status: response.status(),
          body: (await response.json()) as Executed['body'],
          headers: response.headers(),
          sentKey: (await response.request().allHeaders())['idempotency-key'],
        };
      });
    }

    it(
      'lists the operations and says that an empty Idempotency-Key gets a fresh UUID',
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
              const path =
                s.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? '';
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

        const reserve = await step('idempotency-key-field', () => tryItOut('/inventory/reserve'));
        const keyRow = reserve.locator('tr[data-param-name="Idempotency-Key"]');
        expect(await keyRow.locator('input').inputValue()).toBe('');
        expect(await keyRow.innerText()).toContain('each Execute then sends a fresh UUID');
      },
      TIMEOUT_MS,
    );

    it(
      'runs reserve twice, confirm, reserve again and cancel with the pre-filled bodies: no 422, no replay',
      async () => {
        const answers: Executed[] = [];
        const run = async (path: string, edit?: Parameters<typeof execute>[1]) => {
          const answer = await execute(path, edit);
          answers.push(answer);
          return answer;
        };

        // Reserve with the pre-filled body, twice: a new hold, then the same hold (not a replay).
        const first = await run('/inventory/reserve');
        expect({ status: first.status, isExisting: first.body.data?.isExisting }).toEqual({
          status: 201,
          isExisting: false,
        });
        const again = await run('/inventory/reserve');
        expect({ status: again.status, isExisting: again.body.data?.isExisting }).toEqual({
          status: 200,
          isExisting: true,
        });
        expect(again.body.data?.reservationId).toBe(first.body.data?.reservationId);
        const reservationId = first.body.data?.reservationId;

        // Confirm and cancel as pre-filled: the example id is nobody's hold - a 404, not a 422.
        const confirmAsFilled = await run('/checkout/confirm');
        expect(confirmAsFilled.body.code).toBe('RESERVATION_NOT_FOUND');
        const cancelAsFilled = await run('/checkout/cancel');
        expect(cancelAsFilled.body.code).toBe('RESERVATION_NOT_FOUND');
        // The pre-filled userId is the one the pre-filled reserve used.
        expect((await bodyOf('/checkout/confirm')).userId).toBe(
          (await bodyOf('/inventory/reserve')).userId,
        );

        // The tester pastes the reservationId they got.
        const confirmed = await run('/checkout/confirm', (body) => ({ ...body, reservationId }));
        expect({ status: confirmed.status, state: confirmed.body.data?.status }).toEqual({
          status: 200,
          state: 'confirmed',
        });

        // Reserve again with the same pre-filled body: a new hold, then cancel it.
        const next = await run('/inventory/reserve');
        expect({ status: next.status, isExisting: next.body.data?.isExisting }).toEqual({
          status: 201,
          isExisting: false,
        });
        expect(next.body.data?.reservationId).not.toBe(reservationId);
        const cancelled = await run('/checkout/cancel', (body) => ({
          ...body,
          reservationId: next.body.data?.reservationId,
        }));
        expect({ status: cancelled.status, state: cancelled.body.data?.status }).toEqual({
          status: 200,
          state: 'cancelled',
        });
        await page.screenshot({ path: join(screenshotDir, 'flow-done.png'), fullPage: true });

        // Every Execute sent its own fresh key, and nothing was a 422 or a replay.
        const keys = answers.map((a) => a.sentKey ?? '');
        expect(keys.filter((key) => !UUID.test(key))).toEqual([]);
        expect(new Set(keys).size).toBe(answers.length);
        expect(answers.filter((a) => a.status === 422)).toEqual([]);
        expect(answers.filter((a) => 'idempotent-replayed' in a.headers)).toEqual([]);
        expect(pageErrors).toEqual([]);
        expect(foreignRequests).toEqual([]);
        expect(cspViolations).toEqual([]);

        // One unit sold, the second hold given back.
        const res = await fetch(`${baseUrl}/inventory/${SKU}`);
        const item = (await res.json()) as { data: Record<string, unknown> };
        expect(item.data).toEqual(
          expect.objectContaining({
            totalQuantity: 99,
            availableQuantity: 99,
            reservedQuantity: 0,
            soldQuantity: 1,
          }),
        );
      },
      TIMEOUT_MS,
    );

    it(
      'sends a key the tester typed as typed, so a replay can be tried on purpose',
      async () => {
        const op = await tryItOut('/inventory/reserve');
        const key = `qa-replay-${Date.now()}`;
        await op.locator('tr[data-param-name="Idempotency-Key"] input').fill(key);
        const body = (b: Record<string, unknown>) => ({ ...b, userId: 'qa-replay' });
        const first = await execute('/inventory/reserve', body);
        const replay = await execute('/inventory/reserve', body);
        expect([first.sentKey, replay.sentKey]).toEqual([key, key]);
        expect([first.status, replay.status]).toEqual([201, 201]);
        expect([
          first.headers['idempotent-replayed'],
          replay.headers['idempotent-replayed'],
        ]).toEqual([undefined, 'true']);
        await op.locator('tr[data-param-name="Idempotency-Key"] input').fill('');
      },
      TIMEOUT_MS,
    );
  });
}
