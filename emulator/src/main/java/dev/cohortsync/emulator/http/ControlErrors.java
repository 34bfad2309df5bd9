package dev.cohortsync.emulator.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders errors of the control API and catches everything else, so no response ever carries a
 * stack trace.
 */
public final class ControlErrors {

  private static final Logger log = LoggerFactory.getLogger(ControlErrors.class);

  private ControlErrors() {}

  /** Registers the handlers on a Javalin route configuration. */
  public static void register(RoutesConfig routes) {
    routes.exception(ApiException.class, ControlErrors::render);
    routes.exception(
        Exception.class,
        (e, ctx) -> {
          log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
          ctx.status(500)
              .json(
                  Map.of(
                      "error",
                      Map.of(
                          "status", 500,
                          "code", "internal_error",
                          "message",
                              "the emulator failed while handling this request; the server log has"
                                  + " the details")));
        });
  }

  private static void render(ApiException e, Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", e.status());
    body.put("code", e.code());
    body.put("message", e.getMessage());
    if (e.field() != null) {
      body.put("field", e.field());
    }
    if (e.value() != null) {
      body.put("value", e.value());
    }
    if (e.fix() != null) {
      body.put("fix", e.fix());
    }
    ctx.status(e.status()).json(Map.of("error", body));
  }
}
