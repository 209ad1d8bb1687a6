export {
  appTables,
  BACKUP_SUFFIX,
  type BackupResult,
  backupDatabase,
  backupFileName,
  listBackups,
  scheduledBackup,
} from './backup/backup';
export { RestoreError, type RestoreResult, restoreDatabase } from './backup/restore';
export { createDb, type Db, type DbOptions, type PoolUsage, poolUsage } from './client';
export { databaseName, quoteIdent, withDatabase } from './connection-url';
export { transcriptionNotice } from './consent-notice';
export { openField, openJson, rewrapField, sealedKeyId, sealField, sealJson } from './crypto/field-seal';
export {
  ensureKeyFile,
  KEY_FILE_NAME,
  type KeyRing,
  KeyRingError,
  keyFilePath,
  keyIdOf,
  keyRing,
  loadKeyRing,
  newKeyText,
  noKeyRing,
  parseKeys,
  writeKeyFile,
} from './crypto/key-ring';
export { addKeyToFile, type RotationResult, rewrapAll } from './crypto/rotate';
export { openStream, rewrapSealedFile, sealedFileKeyId, sealStream } from './crypto/stream-seal';
export { type DatabaseHandle, EMBEDDED_DATABASE, openDatabase } from './database';
export { checkDrift, compareCatalogs, readCatalog } from './drift';
export {
  EmbeddedPostgresError,
  type EmbeddedServer,
  ensureDatabase,
  handleShutdownSignalsOurselves,
  startEmbeddedPostgres,
} from './embedded';
export * from './generated/prisma/client';
export {
  type ContextFields,
  emptyContext,
  emptyIntake,
  healthFieldContext,
  type Intake,
  openBio,
  openContext,
  openIntake,
  type PreferenceValue,
  sealBio,
  sealContext,
  sealIntake,
} from './health-fields';
export { sqlRows, sqlTransaction } from './hot-sql';
export { migrateDeploy, migrateStatus } from './migrate';
export { assertSchemaNotNewer, NewerSchemaError, unknownAppliedMigrations } from './migration-history';
export { registerPoolMetrics } from './pool-metrics';
export { PrismaCliError } from './prisma-cli';
export { sealPendingPlaintext } from './seal-pending';
