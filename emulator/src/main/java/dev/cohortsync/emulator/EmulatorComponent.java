package dev.cohortsync.emulator;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/**
 * One emulated service (fake Segment, fake Amplitude, the sync control) mounted on the shared
 * server. Each component owns its routes, its state and its part of the OpenAPI document.
 */
public interface EmulatorComponent extends AutoCloseable {

  /** Short lower-case name used in health output and reset scopes, for example {@code segment}. */
  String name();

  /** Registers the component's vendor routes and its routes under {@code /_emulator/<name>/}. */
  void addRoutes(RoutesConfig routes);

  /** Drops all state the component holds, as if the emulator had just started. */
  void reset();

  /** Summary shown by {@code GET /_emulator/health}: counts and settings, never secrets. */
  Map<String, Object> status();

  /**
   * Classpath resource of the component's OpenAPI 3.1 fragment (YAML with {@code paths} and
   * {@code components}), merged into {@code /_emulator/openapi.json}.
   */
  String openApiFragment();

  /** Releases threads, files and connections; the default has nothing to release. */
  @Override
  default void close() {}
}
