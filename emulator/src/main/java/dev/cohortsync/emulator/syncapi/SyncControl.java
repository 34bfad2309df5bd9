package dev.cohortsync.emulator.syncapi;

import dev.cohortsync.emulator.EmulatorComponent;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.config.RoutesConfig;
import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

/** Sync control API: create syncs, trigger runs and list run history. */
public final class SyncControl implements EmulatorComponent {

  private final SyncSettings settings;
  private final VirtualClock clock;
  private final Supplier<URI> baseUri;

  public SyncControl(SyncSettings settings, VirtualClock clock, Supplier<URI> baseUri) {
    this.settings = settings;
    this.clock = clock;
    this.baseUri = baseUri;
  }

  @Override
  public String name() {
    return "sync";
  }

  @Override
  public void addRoutes(RoutesConfig routes) {}

  @Override
  public void reset() {}

  @Override
  public Map<String, Object> status() {
    return Map.of();
  }

  @Override
  public String openApiFragment() {
    return "openapi/sync.yaml";
  }
}
