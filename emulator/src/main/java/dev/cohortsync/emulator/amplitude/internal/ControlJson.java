package dev.cohortsync.emulator.amplitude.internal;

import dev.cohortsync.emulator.amplitude.AmplitudeUser;
import dev.cohortsync.emulator.amplitude.CohortSync;
import dev.cohortsync.emulator.amplitude.ExportJobInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the control API's views: camelCase fields and ISO-8601 instants. */
final class ControlJson {

  private ControlJson() {}

  static Map<String, Object> project(ProjectState state, Instant now) {
    ProjectLimits.Usage usage = state.usage(now);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", state.project().name());
    view.put("appId", state.project().appId());
    view.put("apiKey", state.project().apiKey());
    view.put("secretKey", state.project().secretKey());
    view.put("region", state.project().region().name());
    view.put("cohorts", state.cohorts().size());
    view.put("users", state.userCount());
    view.put("exportJobs", state.exportJobs(now).size());
    view.put("eventsIngested", state.eventsIngested());
    view.put("requestsInFlight", state.requestsInFlight());
    view.put("held", state.held());
    view.put("heldRequests", state.heldRequests());
    Map<String, Object> exports = new LinkedHashMap<>();
    exports.put("month", usage.month().toString());
    exports.put("used", usage.used());
    exports.put("limit", usage.limit());
    exports.put("resetsAt", usage.resetsAt().toString());
    view.put("exportUsage", exports);
    return view;
  }

  static Map<String, Object> cohort(Cohort cohort) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", cohort.id());
    view.put("name", cohort.name());
    view.put("description", cohort.description());
    view.put("owners", cohort.owners());
    view.put("published", cohort.published());
    view.put("archived", cohort.archived());
    view.put("type", cohort.type());
    view.put("size", cohort.size());
    view.put("lastComputed", text(cohort.lastComputed()));
    view.put("createdAt", text(cohort.createdAt()));
    view.put("lastMod", text(cohort.lastMod()));
    view.put("definition", cohort.definition());
    view.put("syncs", cohort.syncs().stream().map(ControlJson::sync).toList());
    return view;
  }

  static Map<String, Object> sync(CohortSync sync) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("target", sync.target());
    view.put("frequency", sync.frequency().wireName());
    view.put("enabled", sync.enabled());
    view.put("lastSuccessful", text(sync.lastSuccessful()));
    view.put("lastFailure", text(sync.lastFailure()));
    view.put("params", sync.params());
    return view;
  }

  static Map<String, Object> user(AmplitudeUser user) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("amplitudeId", user.amplitudeId());
    view.put("userId", user.userId());
    view.put("properties", user.properties());
    return view;
  }

  static Map<String, Object> export(ExportJobInfo job) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("requestId", job.requestId());
    view.put("cohortId", job.cohortId());
    view.put("status", job.status().name());
    view.put("memberCount", job.memberCount());
    view.put("propertyColumns", job.propertyColumns());
    view.put("requestedAt", text(job.requestedAt()));
    view.put("completesAt", text(job.completesAt()));
    view.put("fileExpiresAt", text(job.fileExpiresAt()));
    view.put("downloads", job.downloads());
    return view;
  }

  static Map<String, Object> list(String key, List<?> items) {
    return Map.of(key, items);
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
