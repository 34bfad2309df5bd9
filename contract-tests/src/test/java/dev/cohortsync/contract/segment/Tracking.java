package dev.cohortsync.contract.segment;

import static io.restassured.RestAssured.given;

import dev.cohortsync.junit5.EmulatorExtension;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/** Request helpers shared by the fake Segment's contract tests. */
final class Tracking {

  /** A registered write key, 32 characters like Segment's. */
  static final String WK = "WKcontract0123456789abcdefghijkl";

  /** A second registered write key. */
  static final String WK2 = "WK2contract123456789abcdefghijkl";

  private Tracking() {}

  static RequestSpecification request(EmulatorExtension emulator) {
    return given().baseUri(emulator.baseUri().toString()).contentType(ContentType.JSON);
  }

  /** A request with {@code Authorization: Basic base64(key + ":")}. */
  static RequestSpecification basic(EmulatorExtension emulator, String key) {
    return request(emulator).header("Authorization", basicHeader(key + ":"));
  }

  static String basicHeader(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** An identify body of exactly {@code bytes} UTF-8 bytes. */
  static String identifyOfSize(int bytes) {
    String prefix = "{\"userId\":\"u1\",\"traits\":{\"pad\":\"";
    String suffix = "\"}}";
    return prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix;
  }
}
