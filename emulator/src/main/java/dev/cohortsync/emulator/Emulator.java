package dev.cohortsync.emulator;

import dev.cohortsync.emulator.amplitude.FakeAmplitude;
import dev.cohortsync.emulator.control.CoreRoutes;
import dev.cohortsync.emulator.http.ControlErrors;
import dev.cohortsync.emulator.http.Json;
import dev.cohortsync.emulator.http.OpenApiDocument;
import dev.cohortsync.emulator.segment.FakeSegment;
import dev.cohortsync.emulator.syncapi.SyncControl;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake Amplitude, the fake Segment and the sync control API on one HTTP port.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.create(cfg -> cfg.port = 0).start()) {
 *   URI base = emulator.baseUri();   // http://127.0.0.1:<port>
 *   ...
 * }
 * }</pre>
 *
 * <p>Vendor paths keep their real shape ({@code /api/...} and {@code /2/...} for Amplitude,
 * {@code /v1/...} for Segment) and the control API lives under {@code /_emulator/}.
 */
public final class Emulator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Emulator.class);

  private final EmulatorConfig config;
  private final FakeSegment segment;
  private final FakeAmplitude amplitude;
  private final SyncControl sync;
  private final List<EmulatorComponent> components;
  private final Javalin app;
  private final List<String> endpoints = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean started;

  private Emulator(EmulatorConfig config) {
    this.config = config;
    VirtualClock clock = config.clock;
    this.segment = new FakeSegment(config.segment, clock);
    this.amplitude = new FakeAmplitude(config.amplitude, clock);
    this.sync = new SyncControl(config.sync, clock, this::baseUri);
    List<EmulatorComponent> all = new ArrayList<>(List.of(segment, amplitude));
    if (config.sync.enabled) {
      all.add(sync);
    }
    this.components = List.copyOf(all);

    List<String> fragments = components.stream().map(EmulatorComponent::openApiFragment).toList();
    CoreRoutes core =
        new CoreRoutes(
            components, clock, OpenApiDocument.merge("openapi/core.yaml", fragments), version());
    this.app =
        Javalin.create(
            javalin -> {
              javalin.startup.showJavalinBanner = false;
              javalin.startup.showOldJavalinVersionWarning = false;
              javalin.jetty.host = config.host;
              javalin.jetty.port = config.port;
              // Bodies are capped per route by the components, which need to see oversize bodies to
              // answer them the way the real service does; this outer cap only stops runaway uploads.
              javalin.http.maxRequestSize = 64L * 1024 * 1024;
              javalin.jsonMapper(new JavalinJackson(Json.MAPPER, false));
              javalin.events.handlerAdded(
                  info -> endpoints.add(info.getHttpMethod().name() + " " + info.getPath()));
              ControlErrors.register(javalin.routes);
              core.addRoutes(javalin.routes);
              for (EmulatorComponent component : components) {
                component.addRoutes(javalin.routes);
              }
            });
  }

  /**
   * Creates an emulator; nothing listens until {@link #start()}.
   *
   * @throws IllegalArgumentException if a setting is invalid; the message names it and the fix
   */
  public static Emulator create(Consumer<EmulatorConfig> configurer) {
    EmulatorConfig config = new EmulatorConfig();
    configurer.accept(config);
    validate(config);
    return new Emulator(config);
  }

  private static void validate(EmulatorConfig config) {
    Objects.requireNonNull(config.clock, "clock must not be null; use VirtualClock.followingSystem()");
    if (config.port < 0 || config.port > 65_535) {
      throw new IllegalArgumentException(
          "port " + config.port + " is out of range; pass 0 (any free port) to 65535");
    }
    if (config.host == null || config.host.isBlank()) {
      throw new IllegalArgumentException("host is empty; pass 127.0.0.1 (the default) or an interface address");
    }
  }

  /**
   * Binds the port and starts the components.
   *
   * @throws IllegalStateException if the port is taken; the message names the port and the fix
   */
  public Emulator start() {
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot listen on " + config.host + ":" + config.port + " (" + e.getMessage()
              + "); pick another port with --port, or --port 0 for any free one",
          e);
    }
    started = true;
    log.info("emulator {} listening on {}", version(), baseUri());
    return this;
  }

  /** Port the server listens on; differs from the configured one when that was 0. */
  public int port() {
    return app.port();
  }

  /** Base URI of every route, for example {@code http://127.0.0.1:8080}. */
  public URI baseUri() {
    if (!started) {
      throw new IllegalStateException("the emulator has not started; call start() first");
    }
    String host = config.host.contains(":") ? "[" + config.host + "]" : config.host;
    return URI.create("http://" + host + ":" + port());
  }

  public VirtualClock clock() {
    return config.clock;
  }

  public FakeSegment segment() {
    return segment;
  }

  public FakeAmplitude amplitude() {
    return amplitude;
  }

  /** Sync control; its routes are mounted only when {@code cfg.sync.enabled}. */
  public SyncControl sync() {
    return sync;
  }

  /**
   * Every registered route as {@code "<METHOD> <path>"}, for example {@code "GET /_emulator/health"};
   * filled when the server starts.
   */
  public List<String> endpoints() {
    return List.copyOf(endpoints);
  }

  /** Stops the server and releases every component. Safe to call twice. */
  public void stop() {
    app.stop();
    for (EmulatorComponent component : components) {
      try {
        component.close();
      } catch (Exception e) {
        log.warn("closing component {} failed", component.name(), e);
      }
    }
    started = false;
  }

  @Override
  public void close() {
    stop();
  }

  /** Version from the jar manifest, or {@code dev} when running from classes. */
  public static String version() {
    String v = Emulator.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
