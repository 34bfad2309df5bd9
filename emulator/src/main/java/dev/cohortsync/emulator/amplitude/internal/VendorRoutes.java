package dev.cohortsync.emulator.amplitude.internal;

import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.amplitude.internal.VendorCall.ErrorStyle;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.config.RoutesConfig;

/**
 * Every Amplitude-shaped route of the fake, registered in one place. The same paths serve the US
 * and the EU host, and {@link VendorAuth} picks the region from the {@code Host} header.
 */
public final class VendorRoutes {

  private final VendorCall call;
  private final CohortReadRoutes reads;
  private final ExportRoutes exports;
  private final UploadRoute upload;
  private final MembershipRoute membership;
  private final IngestionRoutes ingestion;

  public VendorRoutes(AmplitudeSettings settings, VirtualClock clock, AmplitudeStore store) {
    this.call = new VendorCall(new VendorAuth(store, settings));
    this.reads = new CohortReadRoutes(settings, clock);
    this.exports = new ExportRoutes(settings, clock, store, new PresignedUrls());
    this.upload = new UploadRoute(settings, clock);
    this.membership = new MembershipRoute(settings, clock);
    this.ingestion = new IngestionRoutes(settings, clock, store);
  }

  public void addRoutes(RoutesConfig routes) {
    routes.get("/api/3/cohorts", call.authenticated(ErrorStyle.STANDARD, reads::list));
    routes.get("/api/3/cohorts/usage", call.authenticated(ErrorStyle.STANDARD, reads::usage));
    routes.post("/api/3/cohorts/upload", call.authenticated(ErrorStyle.STANDARD, upload::upload));
    routes.post(
        "/api/3/cohorts/membership",
        call.authenticated(ErrorStyle.MEMBERSHIP, membership::membership));
    routes.get(
        "/api/5/cohorts/request/{cohort_id}",
        call.authenticated(ErrorStyle.STANDARD, exports::request));
    routes.get(
        "/api/5/cohorts/request-status/{request_id}",
        call.authenticated(ErrorStyle.STANDARD, exports::status));
    routes.get(
        "/api/5/cohorts/request/{request_id}/file",
        call.authenticated(ErrorStyle.STANDARD, exports::file));
    routes.get(
        PresignedUrls.PATH_PREFIX + "{appId}/{file}",
        VendorCall.anonymous(ErrorStyle.STANDARD, exports::presignedDownload));
    // Ingestion authenticates with the api key in the body, not HTTP Basic.
    routes.post("/2/httpapi", ingestion::httpApi);
    routes.post("/identify", ingestion::identify);
  }
}
