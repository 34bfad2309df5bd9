package dev.cohortsync.sync;

import java.net.URI;
import java.util.Objects;

/**
 * Where a sync sends identify calls: a Segment tracking host and the write key of the source.
 *
 * @param baseUri scheme, host and optional port without {@code /v1}, for example
 *     {@link #US_BASE_URI}; the engine posts to {@code baseUri + /v1/batch}
 */
public record SegmentTarget(URI baseUri, String writeKey) {

  /** Segment's default (US, Oregon) tracking host. */
  public static final URI US_BASE_URI = URI.create("https://api.segment.io");

  /** Segment's EU (Dublin) tracking host. */
  public static final URI EU_BASE_URI = URI.create("https://events.eu1.segmentapis.com");

  public SegmentTarget {
    baseUri = Validation.httpBaseUri("segment base URI", baseUri);
    Validation.requireText("segment write key", writeKey, "pass the write key of the Segment source");
  }

  @Override
  public String toString() {
    return "SegmentTarget[" + baseUri + ", writeKey=" + Secrets.mask(writeKey) + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SegmentTarget that
        && baseUri.equals(that.baseUri)
        && writeKey.equals(that.writeKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(baseUri, writeKey);
  }
}
