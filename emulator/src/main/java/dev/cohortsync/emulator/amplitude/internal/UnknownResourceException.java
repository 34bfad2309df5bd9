package dev.cohortsync.emulator.amplitude.internal;

import java.util.NoSuchElementException;

/** A project, cohort, user or export job that does not exist; the control API renders a 404. */
public final class UnknownResourceException extends NoSuchElementException {

  private final String kind;
  private final String id;
  private final String fix;

  public UnknownResourceException(String kind, String id, String fix) {
    super(kind + " \"" + id + "\" not found; " + fix);
    this.kind = kind;
    this.id = id;
    this.fix = fix;
  }

  public String kind() {
    return kind;
  }

  public String id() {
    return id;
  }

  public String fix() {
    return fix;
  }
}
