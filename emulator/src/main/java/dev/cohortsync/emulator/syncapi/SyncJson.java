package dev.cohortsync.emulator.syncapi;

import dev.cohortsync.sync.CohortReport;
import dev.cohortsync.sync.RunReport;
import dev.cohortsync.sync.Secrets;
import dev.cohortsync.sync.Sync;
import dev.cohortsync.sync.SyncDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders syncs and run reports for the control API; keys and secrets appear masked only. */
final class SyncJson {

  private SyncJson() {}

  static Map<String, Object> sync(Sync sync) {
    SyncDefinition definition = sync.definition();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", definition.id());
    body.put("cohortIds", definition.cohortIds());
    body.put("allCohorts", definition.allCohorts());
    body.put("amplitudeBaseUrl", definition.source().baseUri().toString());
    body.put("amplitudeApiKey", Secrets.mask(definition.source().apiKey()));
    body.put("amplitudeSecretKey", Secrets.mask(definition.source().secretKey()));
    body.put("segmentBaseUrl", definition.target().baseUri().toString());
    body.put("segmentWriteKey", Secrets.mask(definition.target().writeKey()));
    body.put("cadence", definition.cadence().name());
    body.put("traitKeyTemplate", definition.traitKeyTemplate().pattern());
    body.put("renamePolicy", definition.renamePolicy().name());
    body.put("createdAt", sync.createdAt().toString());
    body.put("nextRunAt", sync.nextRunAt() == null ? null : sync.nextRunAt().toString());
    body.put("enabled", sync.enabled());
    body.put("disabledReason", sync.disabledReason());
    return body;
  }

  static Map<String, Object> run(RunReport report, boolean withSkippedIds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runId", report.runId());
    body.put("syncId", report.syncId());
    body.put("trigger", report.trigger().name());
    body.put("status", report.status().name());
    body.put("startedAt", report.startedAt().toString());
    body.put("finishedAt", report.finishedAt() == null ? null : report.finishedAt().toString());
    body.put("error", report.error());
    RunReport.Totals totals = report.totals();
    body.put("totals", counts(totals.sentTrue(), totals.sentFalse(), totals.skipped(), totals.failed(),
        totals.retriedBatches()));
    List<Map<String, Object>> cohorts = new ArrayList<>();
    for (CohortReport cohort : report.cohorts()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("cohortId", cohort.cohortId());
      item.put("cohortName", cohort.cohortName());
      item.put("traitKey", cohort.traitKey());
      item.put("status", cohort.status().name());
      item.put("error", cohort.error());
      item.putAll(counts(cohort.sentTrue(), cohort.sentFalse(), cohort.skipped(), cohort.failed(),
          cohort.retriedBatches()));
      if (withSkippedIds) {
        item.put("skippedAmplitudeIds", cohort.skippedAmplitudeIds());
      }
      item.put("failures", cohort.failures());
      cohorts.add(item);
    }
    body.put("cohorts", cohorts);
    return body;
  }

  private static Map<String, Object> counts(long sentTrue, long sentFalse, long skipped, long failed, long retried) {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("sentTrue", sentTrue);
    counts.put("sentFalse", sentFalse);
    counts.put("skipped", skipped);
    counts.put("failed", failed);
    counts.put("retriedBatches", retried);
    return counts;
  }
}
