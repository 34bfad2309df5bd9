package dev.cohortsync.emulator.amplitude.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error response of a vendor route. {@link VendorCall} renders it in the route's Amplitude
 * error shape.
 */
final class VendorException extends RuntimeException {

  private final int status;
  private final String type;
  private final Map<String, Object> metadata;
  private final Map<String, String> headers = new LinkedHashMap<>();

  VendorException(int status, String type, String message, Map<String, Object> metadata) {
    super(message);
    this.status = status;
    this.type = type;
    this.metadata = metadata;
  }

  static VendorException badRequest(String message) {
    return new VendorException(400, "invalid_request", message, null);
  }

  static VendorException badRequest(String message, Map<String, Object> metadata) {
    return new VendorException(400, "invalid_request", message, metadata);
  }

  static VendorException notFound(String message, Map<String, Object> metadata) {
    return new VendorException(404, "not_found", message, metadata);
  }

  static VendorException limit(LimitViolation violation) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("limit", violation.limit());
    metadata.putAll(violation.details());
    metadata.put("retry_after_seconds", violation.retryAfterSeconds());
    return new VendorException(429, "too_many_requests", violation.message(), metadata)
        .withHeader("Retry-After", String.valueOf(violation.retryAfterSeconds()));
  }

  VendorException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  int status() {
    return status;
  }

  String type() {
    return type;
  }

  /** Details for the error body's {@code metadata}, or null for none. */
  Map<String, Object> metadata() {
    return metadata;
  }

  Map<String, String> headers() {
    return headers;
  }
}
