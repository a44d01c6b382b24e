import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { configureApp, createHttpAdapter } from '../../src/app.setup';
import { AppConfig, APP_CONFIG, loadConfig } from '../../src/core/app-config';
import { Clock, ManualClock } from '../../src/core/clock';

export const ADMIN_KEY = 'test-admin-key-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  clock: ManualClock;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The real application (global pipe, filter, envelope, Fastify, Swagger) on the embedded store,
 * with a fake clock and no sample data unless asked. The expiry cron never ticks on its own in
 * tests (yearly schedule); specs call the sweeper directly at the instants they choose.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<TestApp> {
  const config = loadConfig({
    ADMIN_API_KEY: ADMIN_KEY,
    SEED_SAMPLE_DATA: 'false',
    EXPIRY_SWEEP_CRON: '0 0 0 1 1 *',
    LOG_LEVEL: 'fatal', // no request log lines in the test output
    ...env,
  });
  const clock = new ManualClock();
  const moduleRef = await override(
    Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(APP_CONFIG)
      .useValue(config)
      .overrideProvider(Clock)
      .useValue(clock),
  ).compile();
  moduleRef.useLogger(false);
  const app = configureApp(
    moduleRef.createNestApplication<NestFastifyApplication>(
      createHttpAdapter({ trustProxy: config.trustProxy }),
    ),
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, clock, config, close: () => app.close() };
}
