package dev.cohortsync.junit5;

import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.EmulatorConfig;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs one emulator per test class on a free loopback port, resets it before each test and stops
 * it after the last one. Test methods and lifecycle methods can take the {@link Emulator} or its
 * base {@link URI} as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final EmulatorExtension EMULATOR = EmulatorExtension.create(cfg -> cfg.sync.enabled = false);
 *
 * @Test
 * void storesIdentify(URI base) { ... }
 * }</pre>
 *
 * <p>The port is always chosen by the operating system, whatever the configurer sets, so test
 * classes never collide. Sync state is kept in memory unless the configurer sets
 * {@code cfg.sync.stateDirectory}. The virtual clock is not reset between tests, because it
 * never runs backwards: tests that depend on calendar boundaries move it forward themselves.
 */
public final class EmulatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

  private final Consumer<EmulatorConfig> configurer;
  private Emulator emulator;

  private EmulatorExtension(Consumer<EmulatorConfig> configurer) {
    this.configurer = Objects.requireNonNull(configurer, "configurer");
  }

  /** Creates an extension with default settings. */
  public static EmulatorExtension create() {
    return new EmulatorExtension(cfg -> {});
  }

  /** Creates an extension whose emulator is configured by {@code configurer}. */
  public static EmulatorExtension create(Consumer<EmulatorConfig> configurer) {
    return new EmulatorExtension(configurer);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    emulator =
        Emulator.create(
                cfg -> {
                  // Tests start from empty sync state unless the configurer asks for a directory:
                  // syncs left in a shared state directory by an earlier run would tick again.
                  cfg.sync.stateDirectory = null;
                  configurer.accept(cfg);
                  cfg.port = 0;
                  cfg.host = "127.0.0.1";
                })
            .start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    emulator().segment().reset();
    emulator().amplitude().reset();
    emulator().sync().reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (emulator != null) {
      emulator.stop();
      emulator = null;
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Emulator.class || type == URI.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == URI.class ? emulator().baseUri() : emulator();
  }

  /** The running emulator; valid between the class's first and last test. */
  public Emulator emulator() {
    if (emulator == null) {
      throw new IllegalStateException(
          "the emulator is not running; register EmulatorExtension as a static field with"
              + " @RegisterExtension so it starts before the tests");
    }
    return emulator;
  }

  /** Shortcut for {@code emulator().baseUri()}. */
  public URI baseUri() {
    return emulator().baseUri();
  }
}
