package dev.cohortsync.sync;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trait key a cohort's membership is sent under, with {@code {name}} and {@code {id}}
 * replaced by the cohort's name and id.
 *
 * <p>Public documents disagree on the key Amplitude writes: Segment's source page shows
 * {@code [Amplitude] {name} ({id})} (the default here), Amplitude's Segment page shows
 * {@code {name} ({id})}, and Amplitude's partner guide shows {@code [Amplitude] {name}: {id}}.
 */
public record TraitKeyTemplate(String pattern) {

  // Declared before DEFAULT, which the constructor needs it for.
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  /** The key format of Segment's Amplitude Cohorts source documentation. */
  public static final TraitKeyTemplate DEFAULT = new TraitKeyTemplate("[Amplitude] {name} ({id})");

  public TraitKeyTemplate {
    Validation.requireText("trait key template", pattern, "pass a template such as " + "[Amplitude] {name} ({id})");
    Matcher matcher = PLACEHOLDER.matcher(pattern);
    boolean any = false;
    while (matcher.find()) {
      String name = matcher.group(1);
      if (!name.equals("name") && !name.equals("id")) {
        throw new IllegalArgumentException(
            "trait key template \"" + pattern + "\" has an unknown placeholder {" + name
                + "}; use only {name} and {id}");
      }
      any = true;
    }
    if (!any) {
      throw new IllegalArgumentException(
          "trait key template \"" + pattern + "\" has no {name} or {id}; every cohort would share"
              + " one key, so include {id}, for example \"[Amplitude] {name} ({id})\"");
    }
  }

  /** Returns the key for a cohort; placeholders in the name itself are not expanded again. */
  public String render(String cohortName, String cohortId) {
    Matcher matcher = PLACEHOLDER.matcher(pattern);
    StringBuilder key = new StringBuilder();
    while (matcher.find()) {
      String value = matcher.group(1).equals("name") ? cohortName : cohortId;
      matcher.appendReplacement(key, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(key);
    return key.toString();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
