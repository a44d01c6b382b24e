import { loadConfig } from '../../core/app-config';
import { indexingConfig } from './build-indexes';

/** `npm run db:indexes` runs with MONGODB_URI alone (the README's and compose.yaml's steps). */
describe('indexingConfig', () => {
  const uri = 'mongodb://localhost:27017/inventory?replicaSet=rs0';

  it('needs no ADMIN_API_KEY, which the service itself refuses to start without', () => {
    expect(() => loadConfig({ MONGODB_URI: uri })).toThrow(/ADMIN_API_KEY/);
    expect(indexingConfig({ MONGODB_URI: uri }).uri).toBe(uri);
  });

  it('says there is nothing to index without MONGODB_URI, and refuses bad settings as the service does', () => {
    expect(() => indexingConfig({})).toThrow('MONGODB_URI is not set: nothing to index.');
    expect(() => indexingConfig({ MONGODB_URI: 'not a uri' })).toThrow(/MONGODB_URI/);
  });
});
