package dev.cohortsync.sync.internal.store;

/** A failure of the state store: the database is unreachable, full, or rejected a statement. */
public final class StoreException extends RuntimeException {

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
