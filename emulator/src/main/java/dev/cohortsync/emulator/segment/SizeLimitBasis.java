package dev.cohortsync.emulator.segment;

/**
 * Which bytes the request size limits count when a body arrives with {@code Content-Encoding:
 * gzip}. Segment does not document it.
 */
public enum SizeLimitBasis {
  /** Count the JSON after gzip decoding, the size the official libraries measure before sending. */
  DECODED,
  /** Count the bytes on the wire, before gzip decoding. */
  WIRE
}
