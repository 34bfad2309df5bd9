package dev.cohortsync.emulator.amplitude.internal;

/** A change that contradicts the current state, such as a duplicate id; rendered as a 409. */
public final class ConflictException extends IllegalStateException {

  private final String problem;
  private final String fix;

  public ConflictException(String problem, String fix) {
    super(problem + "; " + fix);
    this.problem = problem;
    this.fix = fix;
  }

  public String problem() {
    return problem;
  }

  public String fix() {
    return fix;
  }
}
