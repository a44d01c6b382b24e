import { plainToInstance } from 'class-transformer';
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
});
