package dev.cohortsync.emulator.segment;

import dev.cohortsync.emulator.EmulatorComponent;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.config.RoutesConfig;
import java.util.Map;

/** Fake Segment: the HTTP Tracking API with inspection. */
public final class FakeSegment implements EmulatorComponent {

  private final SegmentSettings settings;
  private final VirtualClock clock;

  public FakeSegment(SegmentSettings settings, VirtualClock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "segment";
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
    return "openapi/segment.yaml";
  }
}
