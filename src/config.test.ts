import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, runsBackgroundWork } from './config.js';

describe('scale-out settings', () => {
  it('defaults to one process doing everything, on the primary alone', () => {
    const config = loadConfig({});
    expect(config.role).toBe('all');
    expect(config.databaseReplicaUrls).toEqual([]);
    expect(config.databasePreparedStatements).toBe(true);
    expect(config.retention).toEqual({
      orderEventsDays: 0,
      webhookDeliveriesDays: 30,
      intakeDays: 30,
      intervalSeconds: 3600,
    });
  });

  it('reads roles, replica lists and the pooler switch', () => {
    const config = loadConfig({
      LINKIT_ROLE: 'api',
      DATABASE_REPLICA_URLS: 'postgres://r1:5432/db, postgresql://r2/db',
      DATABASE_PREPARED_STATEMENTS: 'false',
      DATABASE_DIRECT_URL: 'postgres://primary/db',
    });
    expect(config.role).toBe('api');
    expect(config.databaseReplicaUrls).toEqual(['postgres://r1:5432/db', 'postgresql://r2/db']);
    expect(config.databasePreparedStatements).toBe(false);
    expect(config.databaseDirectUrl).toBe('postgres://primary/db');
  });

  it('refuses what it cannot use', () => {
    expect(() => loadConfig({ LINKIT_ROLE: 'scheduler' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'mysql://r1/db' })).toThrow(ConfigError);
    expect(() => loadConfig({ RETENTION_INTAKE_DAYS: '-1' })).toThrow(ConfigError);
  });

  it('runs background work on worker and all, never on api', () => {
    expect([runsBackgroundWork('api'), runsBackgroundWork('worker'), runsBackgroundWork('all')]).toEqual([
      false,
      true,
      true,
    ]);
  });
});
