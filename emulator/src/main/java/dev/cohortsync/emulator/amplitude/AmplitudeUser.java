package dev.cohortsync.emulator.amplitude;

import dev.cohortsync.emulator.amplitude.internal.Checks;
import java.util.Map;

/**
 * A user of a project, with the fields that cohort exports contain.
 *
 * @param amplitudeId Amplitude's numeric user id, positive
 * @param userId the customer's user id; null for an anonymous user, who exports with an empty
 *     {@code user_id} field
 * @param properties user properties, exported as extra columns with {@code props=1}; copied into
 *     an unmodifiable map sorted by key (null means none)
 * @throws IllegalArgumentException naming the invalid field, its value and the fix
 */
public record AmplitudeUser(long amplitudeId, String userId, Map<String, String> properties) {

  public AmplitudeUser {
    Checks.positive("amplitudeId", amplitudeId);
    Checks.optionalUserId("userId", userId);
    properties = Checks.properties("properties", properties);
  }

  /** Creates a user without properties. */
  public static AmplitudeUser of(long amplitudeId, String userId) {
    return new AmplitudeUser(amplitudeId, userId, Map.of());
  }
}
