import { ClassConstructor, plainToInstance } from 'class-transformer';
import fc from 'fast-check';
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
import { dtoTransformer } from './dto-transformer';

describe('dtoTransformer (the global ValidationPipe transformer)', () => {
  const settle = {
    reservationId: '3f0c6a52-5c1e-4a8e-9a43-2b1f0e7d9c11',
    userId: 'u1',
    extra: { $gt: '' },
  };

  it('builds a DTO without transformer decorators as class-transformer does: an instance with the same fields', () => {
    const sut = dtoTransformer.plainToInstance(SettleReservationRequestDto, settle);
    expect(sut).toBeInstanceOf(SettleReservationRequestDto);
    expect(sut).toEqual(plainToInstance(SettleReservationRequestDto, settle));
    expect({ ...sut }).toEqual(settle); // unknown fields stay, for forbidNonWhitelisted to refuse
  });

  it('still runs @Transform where a DTO has one (a SKU is upper-cased)', () => {
    const sut = dtoTransformer.plainToInstance(ReserveRequestDto, {
      sku: ' iphone-15 ',
      quantity: 1,
      userId: 'u1',
    });
    expect(sut).toBeInstanceOf(ReserveRequestDto);
    expect(sut.sku).toBe('IPHONE-15');
  });

  it('leaves arrays, primitives and query DTOs to class-transformer', () => {
    const list = dtoTransformer.plainToInstance(SettleReservationRequestDto, [settle]);
    expect(list).toEqual(plainToInstance(SettleReservationRequestDto, [settle]));
    expect(dtoTransformer.plainToInstance(SettleReservationRequestDto, 'text')).toBe('text');
    const query = { limit: '5' };
    expect(dtoTransformer.plainToInstance(PageQueryDto, query)).toEqual(
      plainToInstance(PageQueryDto, query),
    );
  });

  it('builds every request DTO as class-transformer does, for any JSON object (fast-check)', () => {
    const dtos: ClassConstructor<object>[] = [
      ReserveRequestDto,
      SettleReservationRequestDto,
      ExtendReservationRequestDto,
      CreateReservationRequestDto,
      CartLineRequestDto,
      CreateInventoryItemRequestDto,
      UpdateInventoryItemRequestDto,
      AdjustStockRequestDto,
    ];
    // The DTOs' own fields and a few unknown ones. (Not names of Object.prototype's methods,
    // such as "constructor": class-transformer drops those silently, this keeps them, so the
    // validator refuses them as unknown fields.)
    const key = fc.constantFrom(
      'sku',
      'userId',
      'quantity',
      'reservationId',
      'lines',
      'name',
      'price',
      'currency',
      'totalQuantity',
      'maxPerCustomer',
      'delta',
      'reason',
      'description',
      'extra',
    );
    const sameAsClassTransformer = (dto: ClassConstructor<object>, body: object) => {
      const fast: unknown = dtoTransformer.plainToInstance(dto, body);
      const reference: unknown = plainToInstance(dto, body);
      expect(Object.getPrototypeOf(fast)).toBe(dto.prototype);
      expect(fast).toStrictEqual(reference);
    };
    const plain = fc.dictionary(key, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
    fc.assert(fc.property(fc.constantFrom(...dtos), plain, sameAsClassTransformer), {
      numRuns: 5000,
    });
    // Flat bodies only: every one of these takes the direct path (most bodies above hold a
    // nested value and so go to class-transformer on both sides), strings included, which the
    // DTOs' @Transform functions (upper-casing SKUs and currencies) act on.
    const primitive = fc.oneof(
      fc.constantFrom(' good-1 ', 'usd', 'u-1', '', 'GOOD-1'),
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
    );
    const flat = fc.dictionary(key, primitive, { maxKeys: 6 });
    fc.assert(fc.property(fc.constantFrom(...dtos), flat, sameAsClassTransformer), {
      numRuns: 3000,
    });
  });
});
