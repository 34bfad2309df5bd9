package dev.cohortsync.sync.store;

import dev.cohortsync.sync.StoreConfig;
import dev.cohortsync.sync.testing.PostgresSupport;

/** The state store contract on PostgreSQL (see {@link PostgresSupport} for which server). */
class PostgresStoreTest extends StateStoreContract {

  @Override
  StoreConfig freshConfig() {
    return PostgresSupport.freshStore();
  }
}
