package dev.cohortsync.emulator.http;

import java.util.Objects;

/**
 * A request to the control API that cannot be carried out, with what a caller needs to fix it.
 *
 * <p>Rendered by {@link ControlErrors} as
 * {@code {"error":{"status","code","message","field","value","fix"}}}. The fakes' vendor routes do
 * not use this type: they answer in the shapes Segment and Amplitude use.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final String field;
  private final String value;
  private final String fix;

  private ApiException(int status, String code, String message, String field, String value, String fix) {
    super(message);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.field = field;
    this.value = value;
    this.fix = fix;
  }

  /**
   * Creates a 400 for one invalid field.
   *
   * @param field the JSON path or parameter name, for example {@code steps[2].at}
   * @param value the value received, rendered as text (null when the field was missing)
   * @param problem what is wrong with it, for example {@code "must be an ISO-8601 duration"}
   * @param fix what to send instead
   */
  public static ApiException invalid(String field, Object value, String problem, String fix) {
    String shown = value == null ? "missing" : "\"" + truncate(String.valueOf(value)) + "\"";
    String message = "invalid " + field + " (" + shown + "): " + problem;
    return new ApiException(
        400, "invalid_request", message, field, value == null ? null : truncate(String.valueOf(value)), fix);
  }

  /** Creates a 404 for a named resource that does not exist. */
  public static ApiException notFound(String kind, String id, String fix) {
    return new ApiException(404, "not_found", kind + " \"" + truncate(id) + "\" not found", null, id, fix);
  }

  /** Creates a 409 for a request that conflicts with the current state. */
  public static ApiException conflict(String message, String fix) {
    return new ApiException(409, "conflict", message, null, null, fix);
  }

  /** Creates an error with any status and code. */
  public static ApiException of(int status, String code, String message, String fix) {
    return new ApiException(status, code, message, null, null, fix);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  public String fix() {
    return fix;
  }

  /** Caps echoed input at 200 characters so a huge bad value cannot bloat an error body or log. */
  static String truncate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...(" + text.length() + " chars)";
  }
}
