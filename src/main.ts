import { Logger, LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createHttpAdapter } from './app.setup';
import { adminRoutes, buildOpenApiDocument } from './common/openapi/openapi-document';
import { AppConfig, ConfigurationError, LOG_LEVELS, loadConfig } from './core/app-config';
import { StoreProbe } from './store/store-probe';

/** LOG_LEVEL=warn logs fatal, error and warn: the chosen level and everything more severe. */
function logLevels(level: AppConfig['logLevel']): NestLogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  let config: AppConfig;
  try {
    // Checked here first so that a bad setting stops start-up with one clear line; CoreModule
    // parses the same environment into the configuration the application injects.
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    logger.fatal(error.message);
    process.exit(1);
  }
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createHttpAdapter(), {
    logger: logLevels(config.logLevel),
  });
  configureApp(app);
  await app.listen(config.port, '0.0.0.0');

  const { warning } = app.get(StoreProbe);
  if (warning) {
    logger.warn('*'.repeat(100));
    logger.warn(warning);
    logger.warn('*'.repeat(100));
  }
  if (!config.adminApiKey) {
    const routes = adminRoutes(buildOpenApiDocument(app)).join(', ');
    logger.warn(`ADMIN_API_KEY is not set: the admin routes (${routes}) are open to anyone.`);
  }
  logger.log(`Store: ${config.store.kind}. Swagger UI: http://localhost:${config.port}/docs`);
}

void bootstrap();
