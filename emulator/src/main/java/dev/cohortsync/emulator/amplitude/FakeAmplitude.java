package dev.cohortsync.emulator.amplitude;

import dev.cohortsync.emulator.EmulatorComponent;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/** Fake Amplitude: the Behavioral Cohorts REST API with cohort control. */
public final class FakeAmplitude implements EmulatorComponent {

  private final AmplitudeSettings settings;
  private final VirtualClock clock;

  public FakeAmplitude(AmplitudeSettings settings, VirtualClock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "amplitude";
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
    return "openapi/amplitude.yaml";
  }
}
