import { DomainError } from './domain-error';

describe('DomainError', () => {
  it('makes a refusal (4xx) without a stack trace, and leaves the stack trace limit as it was', () => {
    const limit = Error.stackTraceLimit;
    const refusal = new DomainError('INSUFFICIENT_STOCK', undefined, { sku: 'S' });
    expect(refusal.stack).toBe('DomainError: Not enough stock is available.');
    expect(refusal).toMatchObject({ code: 'INSUFFICIENT_STOCK', details: { sku: 'S' } });
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('after').stack).toContain('domain-error.spec');
  });

  it('keeps the stack trace of a fault (5xx), which the error log prints', () => {
    const fault = new DomainError('STORE_UNAVAILABLE');
    expect(fault.stack).toContain('domain-error.spec');
    expect(fault.message).toBe('The store is not reachable; retry shortly.');
  });
});
