package dev.cohortsync.contract.amplitude;

import java.util.Locale;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each test with {@link Locale#ROOT} as the default locale and restores the previous one
 * afterwards.
 *
 * <p>rest-assured 6.0.1 picks its response handler by lower-casing the enum name
 * {@code FAILURE} with the default locale. Under the Turkish locale that the build sets to expose
 * locale bugs, this yields {@code faılure} (dotless i), the lookup misses and every non-2xx
 * response throws {@code HttpResponseException} instead of being returned. The emulator's own
 * tests in the emulator module still run under the Turkish locale.
 */
final class RestAssuredLocale implements BeforeEachCallback, AfterEachCallback {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RestAssuredLocale.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NAMESPACE).put("locale", Locale.getDefault());
    Locale.setDefault(Locale.ROOT);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Locale.setDefault(context.getStore(NAMESPACE).get("locale", Locale.class));
  }
}
