/** @module The service process: open storage, bootstrap, listen, close gracefully. */
import { buildApp } from './app.js';
import { ConfigError, loadConfig, runsBackgroundWork } from './config.js';
import { openMigratedDatabase, openSecretBox } from './runtime.js';
import { createTenantsService } from './services/tenants-service.js';
import { DataDirInUseError } from './storage/data-dir-lock.js';
import { openReplicaSet } from './storage/read-replicas.js';
import { sealStoredSecrets } from './storage/seal-stored-secrets.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const secrets = openSecretBox(config);
  if (!config.databaseUrl && config.databaseReplicaUrls.length > 0) {
    throw new ConfigError('DATABASE_REPLICA_URLS needs DATABASE_URL: replicas are of a PostgreSQL primary');
  }
  const database = await openMigratedDatabase(config);
  // Secrets stored before sealing, or under a key rotated out since, move under the active key.
  const resealed = await sealStoredSecrets(database.db, secrets.box);
  const replicas =
    config.databaseReplicaUrls.length > 0
      ? openReplicaSet(config.databaseReplicaUrls, {
          poolSize: config.databasePoolSize,
          preparedStatements: config.databasePreparedStatements,
        })
      : undefined;
  const app = await buildApp({
    database,
    secretBox: secrets.box,
    logger: { level: config.logLevel },
    webhooks: config.webhooks,
    connectors: config.connectors,
    replicas,
    backgroundWork: runsBackgroundWork(config.role),
    retention: config.retention,
    limits: config.limits,
    rateLimits: config.rateLimits,
    cors: config.cors,
    metrics: config.metrics,
    trustProxy: config.trustProxy,
  });
  if (database.engine === 'postgres' && secrets.origin !== 'environment') {
    // Every node must open what any node sealed: a key file on one machine is a trap for a second one.
    app.log.warn(
      { keyFile: `${config.dataDir}/secret-keys` },
      'LINKIT_SECRET_KEYS is not set: secrets are sealed with a key kept in the data dir; set it on every node of a deployment',
    );
  }

  if (resealed > 0) {
    app.log.info({ resealed }, 'sealed stored secrets under the active key');
  }
  const bootstrapped = await createTenantsService(database.db).bootstrap(config.bootstrapKey);
  if (bootstrapped) {
    app.log.info({ organizationId: bootstrapped.organizationId }, 'created the default organization');
  }

  let closing = false;
  const close = async (signal: string) => {
    if (closing) {
      return;
    }
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await replicas?.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  const address = await app.listen({ port: config.port, host: config.host });
  const storage =
    database.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  const lines = [
    `Linkit Orders listening on ${address} — storage: ${storage}${replicas ? ` + ${replicas.replicas.length} read replica(s)` : ''} — role: ${config.role}`,
    `API docs: ${address}/docs`,
  ];
  if (bootstrapped && !bootstrapped.keyFromEnvironment) {
    lines.push(
      `First start: created organization ${bootstrapped.organizationId} and an owner API key (shown only once):`,
      `  ${bootstrapped.key.key}`,
      `Try: curl -H "Authorization: Bearer ${bootstrapped.key.key}" ${address}/api/v1/orders`,
    );
  } else if (bootstrapped) {
    lines.push(
      `First start: created organization ${bootstrapped.organizationId}; LINKIT_BOOTSTRAP_KEY is its owner key.`,
    );
  } else {
    lines.push(
      'API keys: `npx linkit key create --org <organization id>` (see README); list orgs: `npx linkit org list`.',
    );
  }
  if (secrets.origin === 'data dir (created)') {
    lines.push(
      `Secrets at rest are sealed with a key created in ${config.dataDir}/secret-keys: back it up with the data.`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof DataDirInUseError ? error.message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exit(1);
});
