package dev.cohortsync.emulator.segment.internal;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** Mounts the Tracking API paths ({@code /v1/...}) on the shared server. */
final class TrackingRoutes {

  private final IngestPipeline pipeline;

  TrackingRoutes(IngestPipeline pipeline) {
    this.pipeline = pipeline;
  }

  void addRoutes(RoutesConfig routes) {
    for (TrackingRoute route : TrackingRoute.values()) {
      // Javalin matches /v1/import/ on /v1/import while it ignores trailing slashes (its
      // default), so handle() distinguishes the two by the request path.
      if (route != TrackingRoute.IMPORT_SLASH) {
        routes.post(route.path(), ctx -> handle(route, ctx));
      }
    }
  }

  private void handle(TrackingRoute route, Context ctx) {
    TrackingRoute actual =
        route == TrackingRoute.IMPORT && ctx.path().endsWith("/")
            ? TrackingRoute.IMPORT_SLASH
            : route;
    TrackingResponse response =
        pipeline.handle(
            actual,
            ctx.header("Authorization"),
            ctx.header("Content-Encoding"),
            ctx.bodyInputStream());
    ctx.status(response.status());
    response.headers().forEach(ctx::header);
    ctx.contentType("application/json");
    ctx.result(response.body());
  }
}
