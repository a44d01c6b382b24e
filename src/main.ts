import { Logger, LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { configureApp, createHttpAdapter } from './app.setup';
import { AppConfig, ConfigurationError, LOG_LEVELS, loadConfig } from './config/app-config';
import { StoreProbe } from './store/store-probe';

/** LOG_LEVEL=warn logs fatal, error and warn: the chosen level and everything more severe. */
function logLevels(level: AppConfig['logLevel']): NestLogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    logger.fatal(error.message);
    process.exit(1);
  }
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(),
    {
      logger: logLevels(config.logLevel),
    },
  );
  configureApp(app);
  await app.listen(config.port, '0.0.0.0');

  const { warning } = app.get(StoreProbe);
  if (warning) {
    logger.warn('*'.repeat(100));
    logger.warn(warning);
    logger.warn('*'.repeat(100));
  }
  if (!config.adminApiKey) {
    logger.warn(
      'ADMIN_API_KEY is not set: the admin routes (POST /inventory, adjustments) are open to anyone.',
    );
  }
  logger.log(`Store: ${config.store.kind}. Swagger UI: http://localhost:${config.port}/docs`);
}

void bootstrap();
