// Applies the @nestjs/swagger CLI plugin inside ts-jest, so the OpenAPI document the tests
// see is the same one `nest build` produces (DTO comments and class-validator rules included).
const transformer = require('@nestjs/swagger/plugin');

module.exports.name = 'nestjs-swagger-transformer';
// Bump when the options change, so ts-jest's cache is invalidated.
module.exports.version = 1;
module.exports.factory = (cs) =>
  transformer.before({ classValidatorShim: true, introspectComments: true }, cs.program);
