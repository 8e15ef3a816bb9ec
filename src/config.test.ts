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

  it('reads rate limits, CORS origins, metrics and the proxy setting', () => {
    const defaults = loadConfig({});
    expect(defaults.rateLimits).toEqual({
      perKeyPerMinute: 1200,
      perOrganizationPerMinute: 6000,
      webhooksPerInstallPerMinute: 600,
    });
    expect(defaults.cors.origins).toEqual([]);
    expect(defaults.metrics).toEqual({ enabled: true, token: undefined });
    expect(defaults.trustProxy).toBe(false);
    const config = loadConfig({
      RATE_LIMIT_PER_KEY_PER_MINUTE: '0',
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      METRICS_ENABLED: 'false',
      METRICS_TOKEN: 'a-long-enough-token',
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    });
    expect(config.rateLimits.perKeyPerMinute).toBe(0);
    expect(config.cors.origins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.metrics).toEqual({ enabled: false, token: 'a-long-enough-token' });
    expect(config.trustProxy).toBe('10.0.0.0/8,127.0.0.1');
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(() => loadConfig({ CORS_ORIGINS: 'app.example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ RATE_LIMIT_PER_KEY_PER_MINUTE: '-1' })).toThrow(ConfigError);
  });

  it('runs background work on worker and all, never on api', () => {
    expect([runsBackgroundWork('api'), runsBackgroundWork('worker'), runsBackgroundWork('all')]).toEqual([
      false,
      true,
      true,
    ]);
  });
});
