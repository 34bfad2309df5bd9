package dev.cohortsync.emulator.amplitude.internal;

/**
 * An invalid value passed to the fake Amplitude's Java API or control API, naming the field, the
 * value, what is wrong and the fix. Callers of the Java API see an {@link IllegalArgumentException};
 * the control API renders it as a 400.
 */
public final class InvalidInputException extends IllegalArgumentException {

  private final String field;
  private final String value;
  private final String problem;
  private final String fix;

  public InvalidInputException(String field, Object value, String problem, String fix) {
    super(
        "invalid " + field + " (" + (value == null ? "missing" : "\"" + value + "\"") + "): "
            + problem + "; " + fix);
    this.field = field;
    this.value = value == null ? null : String.valueOf(value);
    this.problem = problem;
    this.fix = fix;
  }

  public String field() {
    return field;
  }

  public String value() {
    return value;
  }

  public String problem() {
    return problem;
  }

  public String fix() {
    return fix;
  }
}
