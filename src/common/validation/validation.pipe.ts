import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-error';
import { excerpt } from '../errors/error-response';
import { compiledRulesFor } from './compiled-rules';
import { dtoTransformer, isPlainObject } from './dto-transformer';

/** A body or query with hundreds of unknown fields gets the first few named, not a list as long as itself. */
const MAX_REPORTED_ERRORS = 20;

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    // Property names come from the client: unknown ones are quoted in the messages too.
    const field = excerpt(parent ? `${parent}.${error.property}` : error.property);
    const problems = Object.values(error.constraints ?? {}).map((p) => excerpt(p, 160));
    const own = problems.length > 0 ? [{ field, problems }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Field names no DTO declares and the libraries do not report as unknown: every name an object
 * inherits from `Object.prototype` (`constructor`, `hasOwnProperty`, `toString`…; `__proto__` is
 * also refused by the parsers), and `prototype`. class-transformer skips a key the new instance
 * already answers with a function (it inherits them all), so the field vanishes before
 * validation; class-validator's whitelist looks fields up in a plain object, where `constructor`
 * or `hasOwnProperty` find the inherited function and pass as declared; and Nest's pipe deletes
 * `constructor` and `prototype` keys before validating (class-transformer 0.5.1,
 * class-validator 0.15.1, @nestjs/common 11). They are refused here instead, as unknown fields.
 */
const REFUSED_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** Whether `value` has such a field at any depth (no allocation: it runs on every body). */
export function hasRefusedName(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  for (const key of Object.keys(value)) {
    if (REFUSED_NAMES.has(key) || hasRefusedName((value as Record<string, unknown>)[key])) {
      return true;
    }
  }
  return false;
}

/** Those fields, at any depth, with the path class-validator would give them. */
function refusedFields(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => {
    const field = path ? `${path}.${key}` : key;
    if (REFUSED_NAMES.has(key)) return [field];
    return refusedFields((value as Record<string, unknown>)[key], field);
  });
}

/**
 * Nest's ValidationPipe, with two additions: the fields above are refused first; and a JSON body
 * (a plain object; Fastify's query objects are not, and take Nest's path) that a DTO's compiled
 * rules accept (see compiled-rules.ts) is returned as the same
 * instance Nest's pipe would return, without running class-validator. Anything else, and every
 * error, goes through Nest's pipe and class-validator as before.
 */
class ApiValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (!metatype || !this.toValidate(metadata)) return super.transform(value, metadata);
    if (hasRefusedName(value)) {
      const errors = refusedFields(value).map((field) => ({
        field: excerpt(field),
        problems: [
          excerpt(`property ${field.slice(field.lastIndexOf('.') + 1)} should not exist`, 160),
        ],
      }));
      return Promise.reject(new ValidationFailedError(errors.slice(0, MAX_REPORTED_ERRORS)));
    }
    const rules = isPlainObject(value) ? compiledRulesFor(metatype) : null;
    if (rules) {
      const entity = dtoTransformer.plainToInstance(metatype, value) as object;
      if (rules(entity)) return Promise.resolve(entity);
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * The global pipe: DTOs are the single source of validation. Unknown fields are refused, not
 * silently dropped, so a client's typo is a 400 rather than a surprise.
 */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new ValidationFailedError(flatten(errors).slice(0, MAX_REPORTED_ERRORS)),
    transformerPackage: dtoTransformer,
  });
}
