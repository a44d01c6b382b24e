import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { map, Observable } from 'rxjs';

export interface SuccessBody<T> {
  success: true;
  data: T;
}

/** Wraps every handler's result in the success envelope `{ success: true, data }`. */
@Injectable()
export class SuccessEnvelopeInterceptor<T> implements NestInterceptor<T, SuccessBody<T>> {
  intercept(_context: ExecutionContext, next: CallHandler<T>): Observable<SuccessBody<T>> {
    return next.handle().pipe(map((data) => ({ success: true as const, data })));
  }
}
