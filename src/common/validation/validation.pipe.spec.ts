import { ArgumentMetadata } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsString, ValidateNested } from 'class-validator';
import { ValidationFailedError } from '../errors/domain-error';
import { createValidationPipe } from './validation.pipe';

class LineDto {
  @IsString()
  sku!: string;

  @IsInt()
  quantity!: number;
}

class CartDto {
  @IsString()
  userId!: string;

  @ValidateNested({ each: true })
  @Type(() => LineDto)
  lines!: LineDto[];
}

/** Every name an object inherits from Object.prototype, and `prototype`, as a client could send them. */
const OBJECT_MEMBERS = [
  ...Object.getOwnPropertyNames(Object.prototype).filter(
    (name) => name !== '__proto__', // refused earlier, by the JSON parser and the query parser
  ),
  'prototype',
];

describe('the global ValidationPipe', () => {
  const pipe = createValidationPipe();
  const body: ArgumentMetadata = { type: 'body', metatype: CartDto };
  const cart = () => ({ userId: 'u1', lines: [{ sku: 'S-1', quantity: 1 }] });
  const fieldsRefused = async (value: unknown) => {
    const error: unknown = await pipe.transform(value, body).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof ValidationFailedError)) return undefined;
    return (error.details as { errors: { field: string; problems: string[] }[] }).errors;
  };

  it('lets a valid body through, as an instance of its DTO', async () => {
    const dto: unknown = await pipe.transform(cart(), body);
    expect(dto).toBeInstanceOf(CartDto);
    expect(dto).toEqual(cart());
  });

  it.each(OBJECT_MEMBERS)(
    'refuses an unknown field named %s, at the top and nested',
    async (name) => {
      const top = { ...cart(), [name]: 1 };
      expect(await fieldsRefused(top)).toEqual([
        { field: name, problems: [`property ${name} should not exist`] },
      ]);
      const nested = cart();
      Object.assign(nested.lines[0], { [name]: 2 });
      expect(await fieldsRefused(nested)).toEqual([
        { field: `lines.0.${name}`, problems: [`property ${name} should not exist`] },
      ]);
    },
  );

  it('reports at most 20 refused fields, and an excerpt of a long field path', async () => {
    const many = {
      userId: 'u1',
      lines: Array.from({ length: 25 }, (_, i) => ({ sku: `S-${i}`, quantity: 1, constructor: 1 })),
    };
    const errors = await fieldsRefused(many);
    expect(errors).toHaveLength(20);
    expect(errors?.[19]).toEqual({
      field: 'lines.19.constructor',
      problems: ['property constructor should not exist'],
    });
    const longKey = 'k'.repeat(200);
    expect(await fieldsRefused({ ...cart(), [longKey]: { valueOf: 1 } })).toEqual([
      { field: `${'k'.repeat(80)}…`, problems: ['property valueOf should not exist'] },
    ]);
  });
});
