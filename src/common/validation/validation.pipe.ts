import { ValidationError, ValidationPipe } from '@nestjs/common';
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

/**
 * The global pipe: DTOs are the single source of validation. Unknown fields are refused, not
 * silently dropped, so a client's typo is a 400 rather than a surprise.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
