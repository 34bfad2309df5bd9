package dev.cohortsync.emulator.amplitude;

import dev.cohortsync.emulator.amplitude.internal.Checks;
import dev.cohortsync.emulator.amplitude.internal.Keys;

/**
 * One Amplitude project (an "app"): its credentials and data centre. Projects are fully isolated:
 * each has its own users, cohorts, export jobs, limits and id sequence.
 *
 * @param name display name
 * @param appId Amplitude's integer app id, unique among the fake's projects
 * @param apiKey user name of the HTTP Basic credentials, unique among the fake's projects
 * @param secretKey password of the HTTP Basic credentials
 * @param region data centre; requests must reach the matching host
 * @throws IllegalArgumentException naming the invalid field, its value and the fix
 */
public record AmplitudeProject(
    String name, long appId, String apiKey, String secretKey, Region region) {

  public AmplitudeProject {
    Checks.name("name", name);
    Checks.positive("appId", appId);
    Checks.apiKey("apiKey", apiKey);
    Checks.secretKey("secretKey", secretKey);
    Checks.present("region", region, "send US or EU");
  }

  /** Hides the secret key so a logged or printed project never reveals it. */
  @Override
  public String toString() {
    return "AmplitudeProject[name=" + name + ", appId=" + appId + ", apiKey=" + Keys.mask(apiKey)
        + ", region=" + region + "]";
  }
}
