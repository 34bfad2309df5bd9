package dev.cohortsync.emulator.amplitude.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived download URLs standing in for the pre-signed S3 URLs that large exports redirect
 * to. They are served by the emulator itself under {@link #PATH_PREFIX} and carry S3-style query
 * parameters with an HMAC signature, so a client cannot extend or forge one.
 */
final class PresignedUrls {

  static final String PATH_PREFIX = "/_emulator/amplitude/s3/cohort-exports/";

  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** Outcome of checking a URL. */
  enum Check {
    VALID,
    MALFORMED,
    BAD_SIGNATURE,
    EXPIRED
  }

  /** A checked URL; {@code expiresAt} is null when the URL was malformed. */
  record Verdict(Check check, long appId, String requestId, Instant expiresAt) {}

  private final byte[] key = new byte[32];

  PresignedUrls() {
    new SecureRandom().nextBytes(key);
  }

  /** Returns the path and query of a URL for one export file, valid for {@code lifetime}. */
  String create(long appId, String requestId, Instant issuedAt, Duration lifetime) {
    String date = AMZ_DATE.format(issuedAt);
    long expires = lifetime.toSeconds();
    return PATH_PREFIX + appId + "/" + requestId + ".csv?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        + "&X-Amz-Date=" + date + "&X-Amz-Expires=" + expires
        + "&X-Amz-Signature=" + sign(appId, requestId, date, expires);
  }

  Verdict verify(
      String appIdText, String fileName, String date, String expiresText, String signature,
      Instant now) {
    long appId;
    long expires;
    Instant issuedAt;
    if (fileName == null || !fileName.endsWith(".csv") || date == null || signature == null) {
      return new Verdict(Check.MALFORMED, 0, null, null);
    }
    String requestId = fileName.substring(0, fileName.length() - ".csv".length());
    try {
      appId = Long.parseLong(appIdText);
      expires = Long.parseLong(expiresText);
      issuedAt = Instant.from(AMZ_DATE.parse(date));
    } catch (NumberFormatException | DateTimeParseException e) {
      return new Verdict(Check.MALFORMED, 0, requestId, null);
    }
    Instant expiresAt = issuedAt.plusSeconds(expires);
    byte[] expected = sign(appId, requestId, date, expires).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
      return new Verdict(Check.BAD_SIGNATURE, appId, requestId, expiresAt);
    }
    if (!now.isBefore(expiresAt)) {
      return new Verdict(Check.EXPIRED, appId, requestId, expiresAt);
    }
    return new Verdict(Check.VALID, appId, requestId, expiresAt);
  }

  private String sign(long appId, String requestId, String date, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String payload = appId + "/" + requestId + "/" + date + "/" + expires;
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
