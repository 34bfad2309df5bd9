package dev.cohortsync.emulator.syncapi;

/** Settings of the sync engine that {@code serve} runs behind the control API. */
public final class SyncSettings {

  /** Whether {@code serve} runs the sync engine and mounts {@code /_emulator/syncs}. */
  public boolean enabled = true;
}
