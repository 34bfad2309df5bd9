package dev.cohortsync.sync;

import java.net.URI;
import java.util.Objects;

/**
 * Where a sync reads cohorts: an Amplitude project's REST host and its HTTP Basic credentials
 * (API key as user name, secret key as password).
 *
 * @param baseUri scheme, host and optional port, for example {@link #US_BASE_URI}; paths such as
 *     {@code /api/3/cohorts} are appended to it
 */
public record AmplitudeSource(URI baseUri, String apiKey, String secretKey) {

  /** Amplitude's default (US) REST host. */
  public static final URI US_BASE_URI = URI.create("https://amplitude.com");

  /** Amplitude's EU data-residency REST host; it serves the same paths as the US host. */
  public static final URI EU_BASE_URI = URI.create("https://analytics.eu.amplitude.com");

  public AmplitudeSource {
    baseUri = Validation.httpBaseUri("amplitude base URI", baseUri);
    Validation.requireText("amplitude api key", apiKey, "pass the project's API key");
    Validation.requireText(
        "amplitude secret key", secretKey, "pass the project's secret key (Amplitude answers 403 without one)");
  }

  @Override
  public String toString() {
    return "AmplitudeSource[" + baseUri + ", apiKey=" + Secrets.mask(apiKey) + ", secretKey="
        + Secrets.mask(secretKey) + "]";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AmplitudeSource that
        && baseUri.equals(that.baseUri)
        && apiKey.equals(that.apiKey)
        && secretKey.equals(that.secretKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(baseUri, apiKey, secretKey);
  }
}
