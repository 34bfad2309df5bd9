package dev.cohortsync.sync.store;

import dev.cohortsync.sync.StoreConfig;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The state store contract on the embedded H2 store, in a file under a temporary directory. */
class EmbeddedStoreTest extends StateStoreContract {

  @TempDir Path directory;

  @Override
  StoreConfig freshConfig() {
    return StoreConfig.embedded(directory.resolve(UUID.randomUUID().toString()));
  }
}
