import { Type } from '@nestjs/common';
import { ApiSchema } from '@nestjs/swagger';

/** The schema name a DTO class is published under: its name without the `Dto` suffix. */
export function schemaNameOf(dto: Type<unknown> | { name: string }): string {
  return dto.name.replace(/Dto$/, '');
}

/**
 * Publishes a DTO class as an OpenAPI schema named after the class without its `Dto` suffix
 * (`ReserveRequestDto` -> `ReserveRequest`), so a generated SDK and the code use the same words
 * and the name is written once. (The swagger CLI plugin documents only `*.dto.ts` files: keep
 * DTO classes in files named so.)
 */
export function ApiModel(description: string): ClassDecorator {
  return (target) => ApiSchema({ name: schemaNameOf(target), description })(target);
}
