package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.http.Json;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a vendor route: authenticates, takes one of the project's concurrent-request slots for the
 * whole request (body streaming included) and renders every failure in Amplitude's error shape.
 */
final class VendorCall {

  /** The two documented error body shapes. */
  enum ErrorStyle {
    /** {@code {"error":{"http_code","type","message","metadata"}}}, as the upload API documents. */
    STANDARD,
    /** {@code {"error":{"message","code","metadata"}}}, as the membership API documents. */
    MEMBERSHIP
  }

  /** A route body that runs once the caller is authenticated and has taken a slot. */
  @FunctionalInterface
  interface VendorHandler {
    void handle(Context ctx, ProjectState project) throws Exception;
  }

  private static final Logger log = LoggerFactory.getLogger(VendorCall.class);

  private final VendorAuth auth;

  VendorCall(VendorAuth auth) {
    this.auth = auth;
  }

  Handler authenticated(ErrorStyle style, VendorHandler handler) {
    return ctx -> {
      try {
        ProjectState project = auth.authenticate(ctx);
        if (!project.tryEnterRequest()) {
          throw VendorException.limit(project.concurrencyViolation());
        }
        try {
          log.debug(
              "amplitude {} {} for app {}",
              ctx.method(), LogText.safe(ctx.path()), project.project().appId());
          handler.handle(ctx, project);
        } finally {
          project.exitRequest();
        }
      } catch (RuntimeException | InterruptedException e) {
        render(ctx, style, translate(e));
      }
    };
  }

  /** Runs a route without authentication (pre-signed downloads), with the same error rendering. */
  static Handler anonymous(ErrorStyle style, Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (VendorException e) {
        render(ctx, style, e);
      }
    };
  }

  private static VendorException translate(Exception e) {
    if (e instanceof VendorException vendor) {
      return vendor;
    }
    if (e instanceof LimitExceededException limit) {
      return VendorException.limit(limit.violation());
    }
    if (e instanceof UnknownResourceException unknown) {
      return VendorException.notFound(unknown.getMessage(), null);
    }
    if (e instanceof InvalidInputException invalid) {
      return VendorException.badRequest(invalid.getMessage());
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new VendorException(503, "unavailable", "The emulator is shutting down; retry", null);
    }
    throw (RuntimeException) e;
  }

  static void render(Context ctx, ErrorStyle style, VendorException e) {
    ObjectNode error = Json.MAPPER.createObjectNode();
    if (style == ErrorStyle.STANDARD) {
      error.put("http_code", e.status());
      error.put("type", e.type());
      error.put("message", e.getMessage());
    } else {
      error.put("message", e.getMessage());
      error.put("code", e.status());
    }
    if (e.metadata() != null) {
      error.set("metadata", Json.MAPPER.valueToTree(e.metadata()));
    }
    for (Map.Entry<String, String> header : e.headers().entrySet()) {
      ctx.header(header.getKey(), header.getValue());
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("error", error);
    log.debug(
        "amplitude {} {} responded {}: {}",
        ctx.method(), LogText.safe(ctx.path()), e.status(), LogText.safe(e.getMessage()));
    ctx.status(e.status()).json(body);
  }
}
