import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ADMIN_SECURITY_SCHEME } from '../http/admin-api-key.guard';

const DESCRIPTION = `Holds stock while a shopper pays. A hold (reservation) takes units from \`availableQuantity\`
into \`reservedQuantity\` at once, and is then confirmed (sold), cancelled (units back) or expires on its own
(units back). It never sells more than it has, never loses a unit, and answers a retry with the same result.

Every success is \`{ "success": true, "data": ... }\`; every error is
\`{ "success": false, "message", "code", "details" }\` with a stable upper-snake \`code\` to switch on.`;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Inventory Reservation Service')
    .setDescription(DESCRIPTION)
    .setVersion('0.1.0')
    .setContact('Inventory reservation team', '', 'inventory@example.org')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'This server')
    .addTag('inventory', 'The catalogue and its stock counters')
    .addTag('reservations', 'Holding stock for a shopper')
    .addTag('checkout', 'Settling a hold: confirm (sale) or cancel (units back)')
    .addTag('health', 'Liveness and readiness')
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-key',
        description: 'ADMIN_API_KEY, for catalogue changes',
      },
      ADMIN_SECURITY_SCHEME,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${methodKey}`,
  });
  // Operations without a security requirement are public: say so explicitly.
  for (const path of Object.values(document.paths)) {
    for (const operation of [path.get, path.post, path.put, path.patch, path.delete]) {
      if (operation && !operation.security) operation.security = [];
    }
  }
  return document;
}
