package dev.cohortsync.emulator.segment;

/**
 * What the fake Segment does with a request whose write key is not a registered source.
 *
 * <p>The real edge does not check write keys: it answers 200 and drops the events later, so {@link
 * #DROP} is the default.
 */
public enum WriteKeyMode {
  /** Answer 200 and drop every message, listing each as {@code unknown_write_key}. */
  DROP,
  /** Answer 401 with a JSON body naming the masked key and how to register it; store nothing. */
  REJECT,
  /** Store the events of any write key, registered or not. */
  ACCEPT
}
