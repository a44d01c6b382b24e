import { BadRequestException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { mongo } from 'mongoose';
import { IN_FLIGHT_LOCK_MS } from '../../store/store-timeouts';
import { DomainError, ValidationFailedError } from './domain-error';
import { ERROR_CATALOGUE } from './error-code';
import { toErrorResponse } from './error-response';

describe('toErrorResponse', () => {
  it('maps a domain error by its code, keeping message and details', () => {
    expect(
      toErrorResponse(
        new DomainError('INSUFFICIENT_STOCK', 'Only 2 left', { availableQuantity: 2 }),
      ),
    ).toEqual({
      status: 409,
      body: {
        success: false,
        code: 'INSUFFICIENT_STOCK',
        message: 'Only 2 left',
        details: { availableQuantity: 2 },
      },
      headers: {},
    });
  });

  it('suggests Retry-After for the codes that mean "retry shortly"', () => {
    expect(toErrorResponse(new DomainError('IDEMPOTENCY_REQUEST_IN_PROGRESS')).headers).toEqual({
      'retry-after': '1',
    });
    expect(toErrorResponse(new DomainError('STORE_UNAVAILABLE')).headers).toEqual({
      'retry-after': '5',
    });
  });

  it('gives every catalogued code its status', () => {
    for (const [code, { status }] of Object.entries(ERROR_CATALOGUE)) {
      expect(toErrorResponse(new DomainError(code as keyof typeof ERROR_CATALOGUE)).status).toBe(
        status,
      );
    }
  });

  it('maps validation failures with the fields in details', () => {
    const { status, body } = toErrorResponse(
      new ValidationFailedError([{ field: 'quantity', problems: ['too small'] }]),
    );
    expect(status).toBe(400);
    expect(body.details).toEqual({ errors: [{ field: 'quantity', problems: ['too small'] }] });
  });

  it("maps Fastify's body errors, as Nest hands them over", () => {
    const invalidJson = new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY();
    expect(toErrorResponse(new BadRequestException(invalidJson.message)).body.code).toBe(
      'MALFORMED_JSON',
    );
    expect(toErrorResponse(new PayloadTooLargeException()).body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('does not echo the URL of an unknown route', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /secret?token=abc')).body).toEqual({
      success: false,
      code: 'ROUTE_NOT_FOUND',
      message: 'No such route.',
      details: {},
    });
  });

  it('answers 503 with Retry-After for store failures, told apart by the driver class', () => {
    const noPrimary = new mongo.MongoServerSelectionError('timed out', {
      type: 'ReplicaSetNoPrimary',
      servers: new Map(),
    } as never);
    expect(toErrorResponse(noPrimary)).toMatchObject({
      status: 503,
      body: { code: 'STORE_UNAVAILABLE' },
      headers: { 'retry-after': '5' },
    });
    const conflict = new mongo.MongoServerError({ code: 112, errmsg: 'WriteConflict' });
    expect(toErrorResponse(conflict)).toMatchObject({
      status: 503,
      body: { code: 'STORE_BUSY' },
      headers: { 'retry-after': '1' },
    });
    const lostCommit = new mongo.MongoNetworkError('reset');
    lostCommit.addErrorLabel('UnknownTransactionCommitResult');
    const unknown = toErrorResponse(lostCommit);
    expect(unknown).toMatchObject({ status: 503, body: { code: 'STORE_OUTCOME_UNKNOWN' } });
    // A retry must wait until the kept Idempotency-Key claim has lapsed.
    expect(Number(unknown.headers['retry-after']) * 1000).toBeGreaterThanOrEqual(IN_FLIGHT_LOCK_MS);
  });

  it('answers 400 MALFORMED_REQUEST, not 500, for a body stream the client aborted', () => {
    // What Fastify's body reader hands on when the client goes away mid-body.
    const aborted = Object.assign(new Error('aborted'), { statusCode: 400 });
    expect(toErrorResponse(aborted)).toMatchObject({
      status: 400,
      body: { code: 'MALFORMED_REQUEST' },
    });
    // Only a client status counts: a plain error marked 5xx is still ours.
    expect(toErrorResponse(Object.assign(new Error('x'), { statusCode: 502 })).status).toBe(500);
  });

  it('answers 500 with no internals otherwise, and no Retry-After', () => {
    const impostor = Object.assign(new Error('connect ECONNREFUSED'), {
      name: 'MongoServerSelectionError',
    });
    expect(toErrorResponse(impostor).status).toBe(500);
    expect(toErrorResponse(new TypeError('x is undefined'))).toEqual({
      status: 500,
      body: {
        success: false,
        code: 'INTERNAL_ERROR',
        message: 'Something went wrong on our side.',
        details: {},
      },
      headers: {},
    });
  });
});
