package dev.cohortsync.emulator;

import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.segment.SegmentSettings;
import dev.cohortsync.emulator.syncapi.SyncSettings;
import dev.cohortsync.emulator.time.VirtualClock;

/**
 * Settings of one emulator instance, filled in by the lambda passed to {@link Emulator#create}.
 *
 * <p>Fields are public and mutable on purpose, grouped by component, so code completion on
 * {@code cfg.} lists them; {@link Emulator#create} validates them once, before anything starts.
 */
public final class EmulatorConfig {

  /** Default port of {@code serve}; port 0 picks a free port. */
  public static final int DEFAULT_PORT = 8080;

  /** Interface to bind. Loopback by default, so nothing outside this machine can reach it. */
  public String host = "127.0.0.1";

  /** TCP port; 0 picks a free one, readable from {@link Emulator#port()} after start. */
  public int port = DEFAULT_PORT;

  /** The clock every component reads. */
  public VirtualClock clock = VirtualClock.followingSystem();

  /** Fake Segment settings. */
  public final SegmentSettings segment = new SegmentSettings();

  /** Fake Amplitude settings. */
  public final AmplitudeSettings amplitude = new AmplitudeSettings();

  /** Sync engine settings for syncs created through the control API. */
  public final SyncSettings sync = new SyncSettings();
}
