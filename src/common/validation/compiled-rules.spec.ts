import { ValidationPipe } from '@nestjs/common';
import { ClassConstructor, Type } from 'class-transformer';
import { getMetadataStorage, IsInt, IsString, validate, ValidateNested } from 'class-validator';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AdjustStockRequestDto } from '../../inventory/dto/adjust-stock.dto';
import { CreateInventoryItemRequestDto } from '../../inventory/dto/create-inventory-item.dto';
import { UpdateInventoryItemRequestDto } from '../../inventory/dto/update-inventory-item.dto';
import {
  CartLineRequestDto,
  CreateReservationRequestDto,
} from '../../reservations/dto/create-reservation-request.dto';
import { ExtendReservationRequestDto } from '../../reservations/dto/extend-reservation-request.dto';
import { ReserveRequestDto } from '../../reservations/dto/reserve-request.dto';
import { SettleReservationRequestDto } from '../../reservations/dto/settle-reservation-request.dto';
import { PageQueryDto } from '../pagination/page-query.dto';
import { compiledRulesFor } from './compiled-rules';
import { dtoTransformer } from './dto-transformer';
import { createValidationPipe, hasRefusedName } from './validation.pipe';

/** Every DTO a route validates (bodies and the page query), and the cart line they nest. */
const DTOS: ClassConstructor<object>[] = [
  ReserveRequestDto,
  CreateReservationRequestDto,
  CartLineRequestDto,
  SettleReservationRequestDto,
  ExtendReservationRequestDto,
  CreateInventoryItemRequestDto,
  UpdateInventoryItemRequestDto,
  AdjustStockRequestDto,
  PageQueryDto,
];

/** Not an API DTO: a nested object with no `@IsObject` (so null and primitives reach the nested check). */
class EdgeInnerDto {
  @IsInt()
  quantity!: number;
}

/** Not an API DTO: the rule kinds the fast path models that no API DTO uses today. */
class EdgeCasesDto {
  @ValidateNested()
  @Type(() => EdgeInnerDto)
  single!: EdgeInnerDto;

  // A rule's own condition (`validateIf`): a null sku skips the string check.
  @IsString({ validateIf: (_object: object, value: unknown) => value !== null })
  sku!: string;
}

/** As the global pipe runs class-validator. */
const OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
};

const declared = (dto: ClassConstructor<object>) => [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', false, false)
      .map((metadata) => metadata.propertyName),
  ),
];

/** Values near and across the edges of the API's rules, as JSON bodies and query strings carry them. */
const line = (sku: unknown, quantity: unknown) => ({ sku, quantity });
const VALUES: unknown[] = [
  ...['GOOD-1', 'good-1', ' good-1 ', 'GOOD/1', 'A'.repeat(64), 'A'.repeat(65), '', ' '],
  ...['u-1', 'user 1', 'u'.repeat(128), 'u'.repeat(129), 'USD', 'usd', 'EURO', 'XXX'],
  ...['6f1d1c1e-0000-4000-8000-000000000000', '6F1D1C1E-0000-4000-8000-00000000000G'],
  ...['https://img.example.com/a.png', 'javascript:alert(1)', 'x'.repeat(2001), 'Item name'],
  ...['1', '5', '50', '100', '101', '0', '-1', 'abc', 'R09PRC0x'],
  ...[0, 1, 2, 5, 10_000, 10_001, -1, -0, 1.5, 1e12, 1e13, 2 ** 53 + 1, 1e300],
  ...[null, true, false, {}, [], { $gt: '' }, ['GOOD-1'], [1], [null], [[]]],
  [line('GOOD-1', 1)],
  [[line('GOOD-1', 1)]],
  [line('GOOD-1', 1), line('GOOD-2', 2)],
  [line('GOOD-1', 1), line('good-1', 2)],
  [line('GOOD-1', 0)],
  [line('GOOD-1', 1), { sku: 'GOOD-2' }],
  [{ ...line('GOOD-1', 1), extra: 1 }],
  Array.from({ length: 51 }, (_, i) => line(`S-${i}`, 1)),
];

/** A valid body of each DTO, which generated ones vary (a DTO with several required fields is rarely valid by chance). */
const VALID: Record<string, object> = {
  ReserveRequestDto: { sku: 'good-1', quantity: 1, userId: 'u-1' },
  CreateReservationRequestDto: { userId: 'u-1', lines: [line('GOOD-1', 1), line('GOOD-2', 2)] },
  CartLineRequestDto: { sku: 'GOOD-1', quantity: 2 },
  SettleReservationRequestDto: {
    reservationId: '6f1d1c1e-0000-4000-8000-000000000000',
    userId: 'u-1',
  },
  ExtendReservationRequestDto: { userId: 'u-1' },
  PageQueryDto: { limit: '5' },
  CreateInventoryItemRequestDto: {
    sku: 'GOOD-1',
    name: 'Item name',
    price: 100,
    currency: 'USD',
    totalQuantity: 5,
  },
  UpdateInventoryItemRequestDto: { name: 'Item name' },
  AdjustStockRequestDto: { delta: 5, reason: 'Item name' },
  EdgeCasesDto: { single: { quantity: 1 }, sku: 'GOOD-1' },
};

function bodies(dto: ClassConstructor<object>) {
  const value = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...VALUES) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
  const keys = [...declared(dto), 'extra'];
  const fields = fc.record(Object.fromEntries(keys.map((key) => [key, value])), {
    requiredKeys: [],
  });
  return fc.oneof(
    fields,
    fields.map((changes) => ({ ...(VALID[dto.name] ?? {}), ...changes })),
    fc.subarray(Object.entries(VALID[dto.name] ?? {})).map((kept) => Object.fromEntries(kept)),
  );
}

describe('compiled rules (the ValidationPipe fast path)', () => {
  it('covers every request body the API document lists', () => {
    const document = JSON.parse(
      readFileSync(path.join(__dirname, '../../../openapi/openapi.json'), 'utf8'),
    ) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    const bodyRefs = JSON.stringify(
      Object.values(document.paths).flatMap((operations) =>
        Object.values(operations).map((operation) => operation.requestBody ?? null),
      ),
    ).match(/#\/components\/schemas\/\w+/g);
    const names = [...new Set(bodyRefs?.map((ref) => ref.split('/').pop()))];
    expect(names.length).toBeGreaterThan(5);
    // Schema names are the class names without "Dto" (@ApiModel).
    expect(DTOS.map((dto) => dto.name.replace(/Dto$/, ''))).toEqual(expect.arrayContaining(names));
  });

  it.each([...DTOS, EdgeCasesDto].map((dto) => [dto.name, dto] as const))(
    '%s: accepts exactly what class-validator accepts (fast-check)',
    async (_name, dto) => {
      const rules = compiledRulesFor(dto);
      expect(rules).not.toBeNull();
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(bodies(dto), async (body) => {
          const entity: object = dtoTransformer.plainToInstance(dto, structuredClone(body));
          const reference: object = dtoTransformer.plainToInstance(dto, structuredClone(body));
          const errors = await validate(reference, OPTIONS);
          const fast = rules!(entity);
          if (fast) accepted += 1;
          expect(fast).toBe(errors.length === 0);
        }),
        { numRuns: 1500 },
      );
      // The property says something only if valid bodies were among those generated.
      expect(accepted).toBeGreaterThan(0);
    },
  );

  it('the pipe answers as Nest’s own ValidationPipe with the same options, valid or not', async () => {
    const pipe = createValidationPipe();
    const nest = new ValidationPipe({
      ...OPTIONS,
      transform: true,
      transformerPackage: dtoTransformer,
    });
    const outcome = (promise: Promise<unknown>) =>
      promise.then(
        (value: unknown) => ({ ok: true, value, type: (value as object)?.constructor }),
        () => ({ ok: false }),
      );
    const dtoAndBody = fc
      .constantFrom(...DTOS)
      .chain((dto) => bodies(dto).map((body) => [dto, body] as const));
    await fc.assert(
      fc.asyncProperty(dtoAndBody, async ([dto, body]) => {
        const metadata = { type: 'body' as const, metatype: dto };
        const ours = await outcome(pipe.transform(structuredClone(body), metadata));
        if (hasRefusedName(body)) {
          expect(ours).toEqual({ ok: false }); // refused before either
          return;
        }
        expect(ours).toStrictEqual(await outcome(nest.transform(structuredClone(body), metadata)));
      }),
      { numRuns: 3000 },
    );
  });
});
