import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { configureApp, createHttpAdapter } from './app.setup';
import { adminRoutes, buildOpenApiDocument } from './common/openapi/openapi-document';
import { AppConfig, ConfigurationError, loadConfig } from './core/app-config';
import { exitGracefullyOnSignals } from './health/shutdown';
import { StoreProbe } from './store/store-probe';

async function bootstrap(): Promise<void> {
  let config: AppConfig;
  try {
    // Checked here first so that a bad setting stops start-up with one clear line; CoreModule
    // parses the same environment into the configuration the application injects.
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    new NestLogger('Bootstrap').fatal(error.message);
    process.exit(1);
  }
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    createHttpAdapter({ trustProxy: config.trustProxy }),
    { bufferLogs: true },
  );
  // Nest's own log calls (and ours, through Nest's Logger) go to pino, at LOG_LEVEL.
  app.useLogger(app.get(Logger));
  const logger = new NestLogger('Bootstrap');
  configureApp(app);
  exitGracefullyOnSignals(app, config.shutdownTimeoutSeconds);
  await app.listen(config.port, '0.0.0.0');

  const { warning } = app.get(StoreProbe);
  if (warning) logger.warn(warning);
  if (!config.adminApiKey) {
    const routes = adminRoutes(buildOpenApiDocument(app)).join(', ');
    logger.warn(`ADMIN_API_KEY is not set: the admin routes (${routes}) are open to anyone.`);
  }
  logger.log(`Store: ${config.store.kind}. Swagger UI: http://localhost:${config.port}/docs`);
}

void bootstrap();
