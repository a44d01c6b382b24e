import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ts from 'typescript';
import { ADMIN_KEY, createTestApp, TestApp } from './support/test-app';
import { checkoutFlow } from './sdk/checkout-flow';

/*
 * A client team's view: generate a typed client from the committed document (openapi/openapi.json)
 * with openapi-typescript (types) + openapi-fetch (the client), type-check a checkout written
 * against it with tsc in strict mode (no casts allowed), and run it against the real app.
 */
const ROOT = join(__dirname, '..');
const DOCUMENT = join(ROOT, 'openapi', 'openapi.json');
const COMMITTED_TYPES = join(ROOT, 'openapi', 'schema.d.ts');
const FLOW = join(__dirname, 'sdk', 'checkout-flow.ts');
const GENERATOR = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');

describe('a typed SDK generated from the committed OpenAPI document', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => t.close());

  it('generates with openapi-typescript, identical to the committed openapi/schema.d.ts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sdk-'));
    try {
      const out = join(dir, 'schema.d.ts');
      await promisify(execFile)(process.execPath, [GENERATOR, DOCUMENT, '-o', out]);
      const generated = await readFile(out, 'utf8');
      expect(generated).toContain('export interface paths');
      // The flow below compiles against the committed types: they must be what the generator makes.
      expect({ regenerateWith: 'npm run openapi:generate', types: generated }).toEqual({
        regenerateWith: 'npm run openapi:generate',
        types: await readFile(COMMITTED_TYPES, 'utf8'),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('type-checks the checkout flow with tsc --strict, and it has no casts, no any and no !', () => {
    const program = ts.createProgram([FLOW], {
      strict: true,
      noEmit: true,
      noUnusedLocals: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      esModuleInterop: true,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);

    const source = program.getSourceFile(FLOW);
    if (!source) throw new Error(`tsc did not read ${FLOW}`);
    const escapes: string[] = [];
    const visit = (node: ts.Node): void => {
      const at = () => `line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (ts.isAsExpression(node) && node.type.getText(source) !== 'const')
        escapes.push(`as: ${at()}`);
      if (ts.isTypeAssertionExpression(node)) escapes.push(`<T>: ${at()}`);
      if (ts.isNonNullExpression(node)) escapes.push(`!: ${at()}`);
      if (node.kind === ts.SyntaxKind.AnyKeyword) escapes.push(`any: ${at()}`);
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(escapes).toEqual([]);
  });

  it('runs reserve -> countdown -> confirm, a typed INSUFFICIENT_STOCK, cancel and a replay', async () => {
    const report = await checkoutFlow(baseUrl, ADMIN_KEY, 'SDK-FLOW-1');
    expect(report.reserved).toEqual({ status: 201, quantity: 2, lines: 1, isExisting: false });
    expect(report.countdown).toEqual({
      status: 'active',
      secondsRemaining: t.config.reservationTtlSeconds,
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(report.confirmed).toEqual({ status: 'confirmed', confirmedAt: expect.any(String) });
    expect(report.shortage).toEqual({
      sku: 'SDK-FLOW-1',
      availableQuantity: 1,
      requestedQuantity: 2,
    });
    expect(report.notFound).toEqual({ reservationId: '00000000-0000-4000-8000-000000000000' });
    expect(report.cancelled).toEqual({ status: 'cancelled', cancelledAt: expect.any(String) });
    expect(report.replay).toEqual({
      statuses: [201, 201],
      replayedHeaders: [null, 'true'],
      sameReservation: true,
      replayed: true,
    });
  });
});
