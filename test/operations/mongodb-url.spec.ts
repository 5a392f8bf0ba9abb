// MONGODB_URL must name its database: the driver would otherwise silently use `test`, and every
// instance pointed at the same server without one would share it unnoticed. Refused at start,
// with the other configuration errors (exit status 2, one line).
import { describe, expect, it } from '@jest/globals';
import { loadConfig, mongodbDatabase } from '#libs/platform';

const production = (mongodbUrl: string) => ({
  EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
  MONGODB_URL: mongodbUrl,
  AUTH_JWT_SECRET: 'a-shared-secret-that-is-long-enough-0123456789',
});

describe('MONGODB_URL', () => {
  it.each([
    'mongodb://localhost:27017',
    'mongodb://localhost:27017/',
    'mongodb://localhost:27017/?replicaSet=rs0',
    'mongodb+srv://cluster.example.com/?retryWrites=true',
  ])('is refused without a database: %s', (url) => {
    const { errors } = loadConfig(production(url));
    expect(errors).toEqual([
      expect.stringMatching(
        /^MONGODB_URL: name the database in the path, e\.g\. mongodb:\/\/localhost:27017\/tsp\?directConnection=true \(without one the driver silently uses "test"\)$/,
      ),
    ]);
  });

  it('is taken with one, which is the database the stores use', () => {
    const { config, errors } = loadConfig(production('mongodb://mongo:27017/tsp?replicaSet=rs0'));
    expect(errors).toEqual([]);
    expect(mongodbDatabase(config.mongodbUrl!)).toBe('tsp');
    expect(mongodbDatabase('mongodb://localhost:27017/tsp_it?directConnection=true')).toBe('tsp_it');
    expect(mongodbDatabase('mongodb://u:p@a:1,b:2/my%2Ddb?authSource=admin')).toBe('my-db');
  });
});
