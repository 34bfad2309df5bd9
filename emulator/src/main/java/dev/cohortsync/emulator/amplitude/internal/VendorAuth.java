package dev.cohortsync.emulator.amplitude.internal;

import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.amplitude.Region;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;

/**
 * HTTP Basic authentication of the vendor routes and the host-to-region rule.
 *
 * <p>A request targets the EU data centre when its {@code Host} header (without port) is one of
 * {@link AmplitudeSettings#euHostNames}, and the US one otherwise. A project is only visible from
 * its own region's host: from the other host its api key is unknown, as with the real service.
 *
 * <p>Answers: no header or not HTTP Basic → 401; api key unknown in this region → 401; secret
 * missing or wrong → 403 (a missing secret got 403 from the real API).
 */
final class VendorAuth {

  private final AmplitudeStore store;
  private final AmplitudeSettings settings;

  VendorAuth(AmplitudeStore store, AmplitudeSettings settings) {
    this.store = store;
    this.settings = settings;
  }

  ProjectState authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw unauthorized(
          "Missing Authorization header; send HTTP Basic credentials with the project's API key"
              + " as user name and its secret key as password");
    }

    String[] credentials = decodeBasic(header);
    String apiKey = credentials[0];
    String secret = credentials[1];
    Region region = regionOf(ctx.header("Host"), settings);
    ProjectState project = store.find(apiKey);
    if (project == null) {
      throw unauthorized("Invalid API key " + Keys.mask(apiKey));
    }
    if (project.project().region() != region) {
      throw unauthorized(
          "Invalid API key " + Keys.mask(apiKey) + " for the " + region + " data center; the"
              + " project is in " + project.project().region() + ", so send requests to its host ("
              + hostHint(project.project().region()) + ")");
    }

    if (secret == null || secret.isEmpty()) {
      throw new VendorException(
          403, "forbidden",
          "Missing secret key; send HTTP Basic credentials as api_key:secret_key", null);
    }
    byte[] expected = project.project().secretKey().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, secret.getBytes(StandardCharsets.UTF_8))) {
      throw new VendorException(
          403, "forbidden", "Invalid secret key for API key " + Keys.mask(apiKey), null);
    }
    return project;
  }

  /** Returns the region a request targets, from its {@code Host} header. */
  static Region regionOf(String hostHeader, AmplitudeSettings settings) {
    if (hostHeader == null) {
      return Region.US;
    }
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      host = end < 0 ? host : host.substring(0, end + 1);
    } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0) {
      host = host.substring(0, host.indexOf(':'));
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return settings.euHostNames.contains(host) ? Region.EU : Region.US;
  }

  private String hostHint(Region region) {
    if (region == Region.US) {
      return "amplitude.com or any host not listed in euHostNames";
    }
    return settings.euHostNames.stream().sorted().findFirst().orElse("an EU host");
  }

  /** Returns {api key, secret or null}. */
  private static String[] decodeBasic(String header) {
    String trimmed = header.trim();
    if (trimmed.length() < 6 || !trimmed.substring(0, 6).equalsIgnoreCase("Basic ")) {
      throw unauthorized(
          "Authorization header is not HTTP Basic; send Basic base64(api_key:secret_key)");
    }
    String decoded;
    try {
      decoded =
          new String(Base64.getDecoder().decode(trimmed.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw unauthorized(
          "Authorization header is not valid base64; send Basic base64(api_key:secret_key)");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return new String[] {decoded, null};
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }

  private static VendorException unauthorized(String message) {
    return new VendorException(401, "unauthorized", message, null)
        .withHeader("WWW-Authenticate", "Basic realm=\"Amplitude\"");
  }
}
