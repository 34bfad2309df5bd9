package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.http.Json;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.http.Context;

/** {@code GET /api/3/cohorts} and {@code GET /api/3/cohorts/usage}. */
final class CohortReadRoutes {

  private final AmplitudeSettings settings;
  private final VirtualClock clock;

  CohortReadRoutes(AmplitudeSettings settings, VirtualClock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Lists the project's cohorts in one unpaginated response, archived ones included. */
  void list(Context ctx, ProjectState project) throws InterruptedException {
    project.pauseIfHeld();
    boolean withSyncInfo = "true".equalsIgnoreCase(ctx.queryParam("includeSyncInfo"));
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode list = body.putArray("cohorts");
    for (Cohort cohort : project.cohorts()) {
      if (cohort.published() || settings.listUnpublishedCohorts) {
        list.add(CohortJson.render(cohort, project.project().appId(), withSyncInfo));
      }
    }
    ctx.json(body);
  }

  /**
   * Reports export usage against the monthly cap. The real shape is not public, so the response
   * carries both shapes that third-party clients read: flat {@code limit} and {@code count}, and
   * nested {@code rest_download.{limit,usage,resets_at}}.
   */
  void usage(Context ctx, ProjectState project) throws InterruptedException {
    project.pauseIfHeld();
    ProjectLimits.Usage usage = project.usage(clock.instant());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("limit", usage.limit());
    body.put("count", usage.used());
    body.put("remaining", Math.max(0, usage.limit() - usage.used()));
    body.put("month", usage.month().toString());
    ObjectNode nested = body.putObject("rest_download");
    nested.put("limit", usage.limit());
    nested.put("usage", usage.used());
    nested.put("resets_at", usage.resetsAt().toString());
    ctx.json(body);
  }
}
