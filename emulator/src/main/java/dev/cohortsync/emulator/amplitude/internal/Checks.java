package dev.cohortsync.emulator.amplitude.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Input checks shared by the public records and the control API; each throws with the fix. */
public final class Checks {

  /** Cohort ids in Amplitude's shape: short lower-case letters and digits, like {@code 26umsb5}. */
  public static final Pattern COHORT_ID = Pattern.compile("[a-z0-9]{1,32}");

  private static final Pattern API_KEY = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern SECRET_KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");
  private static final int MAX_NAME_LENGTH = 255;
  private static final int MAX_ID_LENGTH = 1024;

  private Checks() {}

  public static String name(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, value, "is empty", "send a non-empty name");
    }
    if (value.length() > MAX_NAME_LENGTH) {
      throw new InvalidInputException(
          field, value, "is longer than " + MAX_NAME_LENGTH + " characters", "shorten it");
    }
    return value;
  }

  public static String apiKey(String field, String value) {
    if (value == null || !API_KEY.matcher(value).matches()) {
      throw new InvalidInputException(
          field, value, "is not a valid api key",
          "use 1 to 128 letters, digits, '.', '_' or '-', for example a 32-digit hex string");
    }
    return value;
  }

  public static String secretKey(String field, String value) {
    if (value == null || !SECRET_KEY.matcher(value).matches()) {
      throw new InvalidInputException(
          field, value == null ? null : "(hidden)", "is not a valid secret key",
          "use 1 to 128 printable ASCII characters without spaces");
    }
    return value;
  }

  public static long positive(String field, long value) {
    if (value <= 0) {
      throw new InvalidInputException(field, value, "must be positive", "send an integer of 1 or more");
    }
    return value;
  }

  public static <T> T present(String field, T value, String fix) {
    if (value == null) {
      throw new InvalidInputException(field, null, "is required", fix);
    }
    return value;
  }

  /** Returns null for null, or the id if it has Amplitude's cohort id shape. */
  public static String optionalCohortId(String field, String value) {
    if (value != null && !COHORT_ID.matcher(value).matches()) {
      throw new InvalidInputException(
          field, value, "is not a cohort id",
          "use 1 to 32 lower-case letters and digits, like 26umsb5, or leave it out to generate one");
    }
    return value;
  }

  /** Returns null for null, or a non-blank user id of at most 1024 characters. */
  public static String optionalUserId(String field, String value) {
    if (value != null && (value.isBlank() || value.length() > MAX_ID_LENGTH)) {
      throw new InvalidInputException(
          field, value, "must be null or 1 to 1024 characters, not blank",
          "send null for an anonymous user, or the user's id");
    }
    return value;
  }

  /** Copies a list of non-blank strings; null becomes an empty list. */
  public static List<String> textList(String field, List<String> values) {
    if (values == null) {
      return List.of();
    }
    List<String> copy = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String value = values.get(i);
      if (value == null || value.isBlank()) {
        throw new InvalidInputException(
            field + "[" + i + "]", value, "is empty", "send non-empty strings only");
      }
      copy.add(value);
    }
    return List.copyOf(copy);
  }

  /** Copies a string map into a sorted, unmodifiable map; null becomes an empty map. */
  public static SortedMap<String, String> properties(String field, Map<String, String> values) {
    SortedMap<String, String> copy = new TreeMap<>();
    if (values == null) {
      return Collections.unmodifiableSortedMap(copy);
    }
    for (Map.Entry<String, String> entry : values.entrySet()) {
      String key = entry.getKey();
      if (key == null || key.isBlank() || key.length() > MAX_ID_LENGTH) {
        throw new InvalidInputException(
            field, key, "has an empty or over-long key", "use keys of 1 to 1024 characters");
      }
      if (entry.getValue() == null) {
        throw new InvalidInputException(
            field + "." + key, null, "has no value", "send a string, or leave the key out");
      }
      copy.put(key, entry.getValue());
    }
    return Collections.unmodifiableSortedMap(copy);
  }
}
