package dev.cohortsync.emulator.segment;

/** Settings of the fake Segment. */
public final class SegmentSettings {}
