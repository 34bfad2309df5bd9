package dev.cohortsync.emulator.amplitude.internal;

import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.amplitude.ExportJobInfo.Status;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three-step cohort download: request an export job, poll its status, fetch the file (inline
 * or through a 302 to a short-lived pre-signed URL).
 */
final class ExportRoutes {

  static final String IN_PROGRESS = "JOB INPROGRESS";
  static final String COMPLETED = "JOB COMPLETED";

  private static final Logger log = LoggerFactory.getLogger(ExportRoutes.class);

  private final AmplitudeSettings settings;
  private final VirtualClock clock;
  private final AmplitudeStore store;
  private final PresignedUrls presignedUrls;

  ExportRoutes(
      AmplitudeSettings settings, VirtualClock clock, AmplitudeStore store, PresignedUrls urls) {
    this.settings = settings;
    this.clock = clock;
    this.store = store;
    this.presignedUrls = urls;
  }

  /** Starts an export job for {@code GET /api/5/cohorts/request/{cohort_id}} (202). */
  void request(Context ctx, ProjectState project) throws InterruptedException {
    String cohortId = ctx.pathParam("cohort_id");
    boolean withProperties = parseProps(ctx.queryParam("props"));
    List<String> propertyKeys = new ArrayList<>();
    for (String key : ctx.queryParams("propKeys")) {
      if (!key.isBlank()) {
        propertyKeys.add(key);
      }
    }
    // lastComputed, which Amplitude's own client sends, has no documented effect and is ignored.

    project.pauseIfHeld();
    ExportJob job;
    try {
      job = project.startExport(cohortId, withProperties, propertyKeys, clock.instant());
    } catch (UnknownResourceException e) {
      throw VendorException.notFound(
          "Cohort " + cohortId + " not found in app " + project.project().appId(),
          Map.of("cohort_id", cohortId));
    } catch (ExportTooLargeException e) {
      throw new VendorException(
          400, "cohort_too_large",
          "Cohort " + cohortId + " has " + e.size() + " users; cohorts larger than " + e.max()
              + " users cannot be downloaded. Sync it to a streaming destination instead",
          Map.of("cohort_id", cohortId, "size", e.size(), "max", e.max()));
    }

    log.debug(
        "export {} of cohort {} in app {} requested ({} members)",
        job.requestId(), cohortId, project.project().appId(), job.memberCount());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_id", job.requestId());
    body.put("cohort_id", cohortId);
    ctx.status(202).json(body);
  }

  /** {@code GET /api/5/cohorts/request-status/{request_id}}: 202 while running, 200 when done. */
  void status(Context ctx, ProjectState project) throws InterruptedException {
    project.pauseIfHeld();
    Instant now = clock.instant();
    ExportJob job = job(project, ctx.pathParam("request_id"), now);
    boolean running = job.status(now) == Status.IN_PROGRESS;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("request_id", job.requestId());
    body.put("cohort_id", job.cohortId());
    body.put("async_status", running ? IN_PROGRESS : COMPLETED);
    ctx.status(running ? 202 : 200).json(body);
  }

  /** {@code GET /api/5/cohorts/request/{request_id}/file}: the CSV, or a 302 for large files. */
  void file(Context ctx, ProjectState project) throws InterruptedException {
    project.pauseIfHeld();
    Instant now = clock.instant();
    ExportJob job = job(project, ctx.pathParam("request_id"), now);
    Status status = job.status(now);
    if (status == Status.IN_PROGRESS) {
      throw new VendorException(
          400, "job_not_completed",
          "Export " + job.requestId() + " is still running (" + IN_PROGRESS + "); poll"
              + " /api/5/cohorts/request-status/" + job.requestId() + " until " + COMPLETED,
          Map.of("request_id", job.requestId(), "async_status", IN_PROGRESS));
    }
    Membership members = job.members();
    if (status == Status.EXPIRED || members == null) {
      throw gone(job);
    }
    job.countDownload();
    if (job.memberCount() > settings.inlineFileMaxMembers) {
      String location =
          presignedUrls.create(
              project.project().appId(), job.requestId(), now, settings.presignedUrlLifetime);
      ctx.status(302).header("Location", ctx.scheme() + "://" + ctx.host() + location);
      return;
    }
    streamCsv(ctx, project, job, members);
  }

  /** Serves the pre-signed download, which needs no Basic auth and fails with S3-style XML. */
  void presignedDownload(Context ctx) {
    Instant now = clock.instant();
    PresignedUrls.Verdict verdict =
        presignedUrls.verify(
            ctx.pathParam("appId"), ctx.pathParam("file"), ctx.queryParam("X-Amz-Date"),
            ctx.queryParam("X-Amz-Expires"), ctx.queryParam("X-Amz-Signature"), now);
    switch (verdict.check()) {
      case MALFORMED -> {
        s3Error(ctx, 400, "AuthorizationQueryParametersError",
            "The query string lacks a valid X-Amz-Date, X-Amz-Expires or X-Amz-Signature", "");
        return;
      }
      case BAD_SIGNATURE -> {
        s3Error(ctx, 403, "SignatureDoesNotMatch",
            "The signature does not match; use the URL exactly as the redirect returned it", "");
        return;
      }
      case EXPIRED -> {
        s3Error(ctx, 403, "AccessDenied", "Request has expired",
            "<Expires>" + verdict.expiresAt() + "</Expires><ServerTime>" + now + "</ServerTime>");
        return;
      }
      case VALID -> {
        // continue below
      }
    }
    ProjectState project = store.findByAppId(verdict.appId());
    ExportJob job = null;
    if (project != null) {
      try {
        job = project.exportJob(verdict.requestId(), now);
      } catch (UnknownResourceException e) {
        job = null;
      }
    }
    Membership members = job == null ? null : job.members();
    if (members == null || job.status(now) != Status.COMPLETED) {
      s3Error(ctx, 404, "NoSuchKey", "The specified key does not exist", "");
      return;
    }
    streamCsv(ctx, project, job, members);
  }

  private void streamCsv(Context ctx, ProjectState project, ExportJob job, Membership members) {
    boolean gzip = acceptsGzip(ctx.header("Accept-Encoding"));
    ctx.status(200);
    ctx.contentType("text/csv; charset=utf-8");
    ctx.header("Vary", "Accept-Encoding");
    if (gzip) {
      // Setting the header first also stops Javalin from compressing the stream a second time.
      ctx.header("Content-Encoding", "gzip");
    }
    try {
      OutputStream raw = ctx.outputStream();
      if (gzip) {
        GZIPOutputStream compressed = new GZIPOutputStream(raw, 64 * 1024);
        ExportCsvWriter.write(
            compressed, members, job.propertyColumns(), project, settings.csvLineEnding);
        compressed.finish();
      } else {
        ExportCsvWriter.write(raw, members, job.propertyColumns(), project, settings.csvLineEnding);
      }
      raw.flush();
    } catch (IOException | UncheckedIOException e) {
      // The response is committed, so no error body can follow; the client sees a cut-off file.
      // FastCSV reports write failures as UncheckedIOException.
      log.info(
          "download of export {} (app {}) stopped after the client went away: {}",
          job.requestId(), project.project().appId(), e.toString());
    }
  }

  private ExportJob job(ProjectState project, String requestId, Instant now) {
    try {
      return project.exportJob(requestId, now);
    } catch (UnknownResourceException e) {
      throw VendorException.notFound(
          "Export request " + requestId + " not found in app " + project.project().appId(),
          Map.of("request_id", requestId));
    }
  }

  private VendorException gone(ExportJob job) {
    return new VendorException(
        410, "gone",
        "The download link of export " + job.requestId() + " expired at " + job.fileExpiresAt()
            + "; request a new export",
        Map.of("request_id", job.requestId(), "expired_at", job.fileExpiresAt().toString()));
  }

  private static boolean parseProps(String props) {
    if (props == null || props.isEmpty() || props.equals("0")) {
      return false;
    }
    if (props.equals("1")) {
      return true;
    }
    throw VendorException.badRequest(
        "Invalid value for props: " + props + "; send 1 to include user properties or 0 to leave"
            + " them out",
        Map.of("field", "props"));
  }

  /** True if the header lists gzip (or *) without {@code q=0}. */
  static boolean acceptsGzip(String header) {
    if (header == null) {
      return false;
    }
    for (String part : header.split(",")) {
      String[] pieces = part.trim().split(";");
      String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
      if (!coding.equals("gzip") && !coding.equals("x-gzip") && !coding.equals("*")) {
        continue;
      }
      boolean zeroQuality = false;
      for (int i = 1; i < pieces.length; i++) {
        String parameter = pieces[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
        if (parameter.startsWith("q=")) {
          try {
            zeroQuality = Double.parseDouble(parameter.substring(2)) == 0.0;
          } catch (NumberFormatException e) {
            zeroQuality = true;
          }
        }
      }
      if (!zeroQuality) {
        return true;
      }
    }
    return false;
  }

  private static void s3Error(Context ctx, int status, String code, String message, String extra) {
    String body =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
            + message + "</Message>" + extra + "</Error>";
    ctx.status(status).contentType("application/xml").result(body);
  }
}
