import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { StoreModule } from '../store/store.module';
import { DrainService } from './drain.service';
import { HealthController } from './health.controller';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), StoreModule],
  controllers: [HealthController],
  providers: [DrainService],
  exports: [DrainService],
})
export class HealthModule {}
