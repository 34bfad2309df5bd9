package dev.cohortsync.emulator.amplitude;

/**
 * Data centre of an Amplitude project. The REST paths are the same in both; only the host differs
 * ({@code amplitude.com} for US, {@code analytics.eu.amplitude.com} for EU).
 */
public enum Region {
  US,
  EU
}
