import { Connection } from 'mongoose';
import { StoreProbe } from '../store-probe';

export class MongoStoreProbe extends StoreProbe {
  readonly kind = 'mongodb' as const;
  readonly durable = true;
  readonly warning = undefined;

  constructor(private readonly connection: Connection) {
    super();
  }

  async ping(): Promise<void> {
    if (!this.connection.db)
      throw new Error(`not connected (readyState ${this.connection.readyState})`);
    await this.connection.db.admin().ping();
  }
}
