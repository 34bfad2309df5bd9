package dev.cohortsync.sync;

import java.net.URI;

/** Argument checks shared by the public value types; messages name the value and the fix. */
final class Validation {

  private Validation() {}

  static void requireText(String name, String value, String fix) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is missing (" + (value == null ? "null" : "blank") + "); " + fix);
    }
  }

  /** Checks an http(s) base URI and strips a trailing slash so paths can be appended. */
  static URI httpBaseUri(String name, URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException(name + " is missing; pass an http or https URI such as https://host");
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          name + " " + uri + " is not an absolute http(s) URI; pass one such as https://host or http://127.0.0.1:8080");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(name + " " + uri + " has a query or fragment; pass only scheme, host, port and path");
    }
    String text = uri.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text);
  }
}
