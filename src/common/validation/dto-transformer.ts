import * as classTransformer from 'class-transformer';
import {
  ClassConstructor,
  ClassTransformOptions,
  TransformationType,
  TransformFnParams,
  TransformOptions,
} from 'class-transformer';

interface TransformMetadata {
  propertyName: string;
  transformFn: (params: TransformFnParams) => unknown;
  options: TransformOptions;
}
interface TransformerStorageModule {
  defaultMetadataStorage: Record<string, Map<unknown, Map<string, TransformMetadata[]>>>;
}

/**
 * class-transformer's registry of @Transform / @Type / @Expose / @Exclude, read the way
 * @nestjs/mapped-types reads it (the package exports no accessor for "does this class have any").
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const transformerStorage = require('class-transformer/cjs/storage') as TransformerStorageModule;
const storage = transformerStorage.defaultMetadataStorage;
const OTHER_METADATA_KEYS = ['_typeMetadatas', '_exposeMetadatas', '_excludeMetadatas'];

/** The @Transform functions of a DTO, by property; `null` when it needs class-transformer itself. */
type Plan = [property: string, transforms: TransformMetadata['transformFn'][]][] | null;
const plans = new WeakMap<object, Plan>();

/**
 * What class-transformer would do for `cls` beyond copying its keys: nothing (`[]`), or run some
 * plain @Transform functions (without options: no groups, versions or direction), or more than
 * that (`null`: @Type, @Expose, @Exclude, or a @Transform with options). Cached: fixed once decorated.
 */
function planFor(cls: ClassConstructor<unknown>): Plan {
  let plan = plans.get(cls);
  if (plan !== undefined) return plan;
  const byProperty = new Map<string, TransformMetadata['transformFn'][]>();
  plan = [];
  const chain: unknown[] = [];
  for (
    let c: unknown = cls;
    typeof c === 'function' && c !== Object;
    c = Object.getPrototypeOf(c)
  ) {
    chain.unshift(c);
  }
  for (const c of chain) {
    if (OTHER_METADATA_KEYS.some((key) => storage[key]?.has(c))) plan = null;
    for (const [property, metadatas] of storage._transformMetadatas?.get(c) ?? []) {
      for (const metadata of metadatas) {
        if (Object.keys(metadata.options ?? {}).length > 0) plan = null;
        byProperty.set(property, [...(byProperty.get(property) ?? []), metadata.transformFn]);
      }
    }
  }
  if (plan !== null) plan = [...byProperty.entries()];
  plans.set(cls, plan);
  return plan;
}

/** A JSON object as parsed: its prototype is Object's, or none. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const isPrimitive = (value: unknown) => value === null || typeof value !== 'object';

/** Runs each @Transform of `plan` on the instance's copy of a field the plain object has. */
function withTransforms(
  instance: object,
  plain: Record<string, unknown>,
  plan: NonNullable<Plan>,
): object {
  const fields = instance as Record<string, unknown>;
  for (const [key, transforms] of plan) {
    if (!Object.prototype.hasOwnProperty.call(plain, key)) continue;
    for (const transformFn of transforms) {
      const type = TransformationType.PLAIN_TO_CLASS;
      fields[key] = transformFn({ value: fields[key], key, obj: plain, type, options: {} });
    }
  }
  return instance;
}

/**
 * The `transformerPackage` of the global ValidationPipe: class-transformer itself, except for the
 * common case, built directly: a flat JSON object (every value a primitive) meant for a DTO whose
 * only class-transformer decorators (if any) are plain @Transform functions. For those
 * class-transformer copies the keys onto a new instance (without implicit conversion, primitives
 * as they are) and calls each @Transform with the value, which is what this does, minus its
 * per-call walk over the metadata registry. Anything else (nested values, DTOs with @Type, query
 * DTOs) still goes through class-transformer.
 */
export const dtoTransformer = {
  plainToInstance<T>(cls: ClassConstructor<T>, plain: unknown, options?: ClassTransformOptions): T {
    if (!options && isPlainObject(plain)) {
      const plan = planFor(cls);
      if (plan && Object.values(plain).every(isPrimitive)) {
        return withTransforms(Object.assign(new cls() as object, plain), plain, plan) as T;
      }
    }
    return classTransformer.plainToInstance(cls, plain, options);
  },
  classToPlain: classTransformer.classToPlain,
};
