import * as classTransformer from 'class-transformer';
import type { ClassConstructor, ClassTransformOptions } from 'class-transformer';

/**
 * class-transformer's registry of @Transform / @Type / @Expose / @Exclude, read the way
 * @nestjs/mapped-types reads it (the package exports no accessor for "does this class have any").
 */
interface TransformerStorageModule {
  defaultMetadataStorage: Record<string, Map<unknown, unknown>>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerStorage = require('class-transformer/cjs/storage') as TransformerStorageModule;
const storage = transformerStorage.defaultMetadataStorage;
const METADATA_KEYS = [
  '_transformMetadatas',
  '_typeMetadatas',
  '_exposeMetadatas',
  '_excludeMetadatas',
];

const needsTransformer = new WeakMap<object, boolean>();

/** Whether class-transformer would do anything for `cls` beyond copying its keys (cached: fixed once decorated). */
function hasTransformerMetadata(cls: ClassConstructor<unknown>): boolean {
  let known = needsTransformer.get(cls);
  if (known === undefined) {
    known = false;
    for (
      let c: unknown = cls;
      typeof c === 'function' && c !== Object;
      c = Object.getPrototypeOf(c)
    ) {
      if (METADATA_KEYS.some((key) => storage[key]?.has(c))) known = true;
    }
    needsTransformer.set(cls, known);
  }
  return known;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The `transformerPackage` of the global ValidationPipe: class-transformer itself, except that a
 * plain JSON object meant for a DTO with no class-transformer decorators is copied onto a new
 * instance of the DTO directly. For such a class that is all `plainToInstance` does (without
 * implicit conversion, nested values are copied as they are), minus its per-call walk over the
 * metadata registry. DTOs with @Transform or @Type (e.g. a SKU that is upper-cased, nested lines)
 * still go through class-transformer.
 */
export const dtoTransformer = {
  plainToInstance<T>(cls: ClassConstructor<T>, plain: unknown, options?: ClassTransformOptions): T {
    if (!options && isPlainObject(plain) && !hasTransformerMetadata(cls)) {
      return Object.assign(new cls() as object, plain) as T;
    }
    return classTransformer.plainToInstance(cls, plain, options);
  },
  classToPlain: classTransformer.classToPlain,
};
