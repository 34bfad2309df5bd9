package dev.cohortsync.emulator.amplitude;

/** Settings of the fake Amplitude. */
public final class AmplitudeSettings {}
