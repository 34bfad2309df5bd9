package dev.cohortsync.emulator.segment.internal;

import dev.cohortsync.emulator.segment.RejectionReason;
import dev.cohortsync.emulator.segment.SizeLimitBasis;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads a tracking request body with a hard cap, inflating gzip bodies without ever holding more
 * than the cap in memory, so an oversized body or a gzip bomb costs at most the cap.
 */
final class BodyReader {

  // After a rejection the rest of the body is read and discarded, so the client gets the 400
  // instead of a reset connection. Past this many bytes the server stops reading.
  private static final long MAX_DRAIN_BYTES = 64L * 1024 * 1024;

  private final SizeLimitBasis basis;
  private final long maxInflatedBytes;

  BodyReader(SizeLimitBasis basis, long maxInflatedBytes) {
    this.basis = basis;
    this.maxInflatedBytes = maxInflatedBytes;
  }

  /**
   * Returns the decoded body.
   *
   * @param limit the route's size limit in bytes
   * @throws RequestRejection 400 when the body is over the limit, the encoding is not supported, or
   *     the gzip stream is corrupt
   */
  byte[] read(InputStream in, String contentEncoding, int limit) throws RequestRejection {
    boolean gzip = isGzip(contentEncoding);
    long wireCap = !gzip || basis == SizeLimitBasis.WIRE ? limit : maxInflatedBytes;
    byte[] wire = readCapped(in, wireCap, true);
    if (wire == null) {
      throw tooLarge("the request body is larger than " + wireCap + " bytes" + onWire(gzip), limit);
    }
    if (!gzip) {
      return wire;
    }
    long decodedCap = basis == SizeLimitBasis.DECODED ? limit : maxInflatedBytes;
    byte[] decoded;
    try (InputStream inflater = new GZIPInputStream(new ByteArrayInputStream(wire))) {
      decoded = readCapped(inflater, decodedCap, false);
    } catch (IOException e) {
      throw RequestRejection.badRequest(
          RejectionReason.INVALID_ENCODING,
          "the body is marked Content-Encoding: gzip but is not a valid gzip stream ("
              + e.getMessage()
              + "); compress the whole body or drop the header");
    }
    if (decoded == null) {
      throw tooLarge("the gzip body inflates to more than " + decodedCap + " bytes", limit);
    }
    return decoded;
  }

  private boolean isGzip(String contentEncoding) throws RequestRejection {
    if (contentEncoding == null || contentEncoding.isBlank()) {
      return false;
    }
    String encoding = contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (encoding.equals("gzip") || encoding.equals("x-gzip")) {
      return true;
    }
    if (encoding.equals("identity")) {
      return false;
    }
    throw new RequestRejection(
        400,
        RejectionReason.INVALID_ENCODING,
        "Content-Encoding",
        contentEncoding,
        "Content-Encoding "
            + RejectedLog.truncate(contentEncoding)
            + " is not supported; send gzip or no encoding");
  }

  private String onWire(boolean gzip) {
    return gzip ? " on the wire" : "";
  }

  private static RequestRejection tooLarge(String what, int limit) {
    return RequestRejection.badRequest(
        RejectionReason.PAYLOAD_TOO_LARGE,
        "payload too large: "
            + what
            + "; this route accepts at most "
            + limit
            + " bytes, so split the data into smaller calls or batches");
  }

  /** Reads at most {@code cap} bytes; returns null when more are available. */
  private static byte[] readCapped(InputStream in, long cap, boolean drainOnOverflow)
      throws RequestRejection {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[8192];
    long total = 0;
    try {
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
        if (total > cap) {
          if (drainOnOverflow) {
            drain(in, buffer);
          }
          return null;
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      if (!drainOnOverflow) {
        // Corrupt compressed data surfaces here; the caller reports it as an encoding problem.
        throw RequestRejection.badRequest(
            RejectionReason.INVALID_ENCODING,
            "the gzip body cannot be inflated ("
                + e.getMessage()
                + "); compress the whole body or drop the Content-Encoding header");
      }
      throw RequestRejection.badRequest(
          RejectionReason.INVALID_JSON, "the request body could not be read: " + e.getMessage());
    }
    return out.toByteArray();
  }

  /** Reads and discards the rest of a body that will not be processed. */
  static void discard(InputStream in) {
    drain(in, new byte[8192]);
  }

  private static void drain(InputStream in, byte[] buffer) {
    long drained = 0;
    try {
      int n;
      while (drained < MAX_DRAIN_BYTES && (n = in.read(buffer)) != -1) {
        drained += n;
      }
    } catch (IOException e) {
      // The client went away; the response may not reach it, which is all that can happen here.
    }
  }
}
