import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationFailedError } from '../errors/domain-error';
import { excerpt } from '../errors/error-response';
import { dtoTransformer } from './dto-transformer';

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

/** Every name an object inherits from `Object.prototype` (`__proto__` is refused by the parsers). */
const OBJECT_MEMBERS = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * The fields of a body or query named like a member of `Object.prototype` (`constructor`,
 * `hasOwnProperty`, `toString`…), at any depth, with the path class-validator would give them.
 * No DTO declares such a field, and the library pair lets some through unreported:
 * class-transformer skips a key whose name the new instance already answers with a function (it
 * inherits them all), so the field vanishes before validation; and class-validator's whitelist
 * looks fields up in a plain object, where `constructor` or `hasOwnProperty` find the inherited
 * function and pass as declared (class-transformer 0.5.1, class-validator 0.15.1).
 */
function fieldsNamedLikeObjectMembers(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => {
    const field = path ? `${path}.${key}` : key;
    if (OBJECT_MEMBERS.has(key)) return [field];
    return fieldsNamedLikeObjectMembers((value as Record<string, unknown>)[key], field);
  });
}

/** Nest's ValidationPipe, refusing first what the libraries would let through (see above). */
class ApiValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const refused = this.toValidate(metadata) ? fieldsNamedLikeObjectMembers(value) : [];
    if (refused.length > 0) {
      const errors = refused.map((field) => ({
        field: excerpt(field),
        problems: [
          excerpt(`property ${field.slice(field.lastIndexOf('.') + 1)} should not exist`, 160),
        ],
      }));
      return Promise.reject(new ValidationFailedError(errors.slice(0, MAX_REPORTED_ERRORS)));
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
