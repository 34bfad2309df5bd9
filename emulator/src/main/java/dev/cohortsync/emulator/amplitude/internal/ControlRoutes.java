package dev.cohortsync.emulator.amplitude.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cohortsync.emulator.amplitude.AmplitudeProject;
import dev.cohortsync.emulator.amplitude.AmplitudeUser;
import dev.cohortsync.emulator.amplitude.CohortSpec;
import dev.cohortsync.emulator.amplitude.CohortSync;
import dev.cohortsync.emulator.amplitude.Region;
import dev.cohortsync.emulator.http.ApiException;
import dev.cohortsync.emulator.http.JsonBodies;
import dev.cohortsync.emulator.time.VirtualClock;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The fake Amplitude's control API under {@code /_emulator/amplitude/}. */
public final class ControlRoutes {

  static final String BASE = "/_emulator/amplitude";
  private static final String PROJECT = BASE + "/projects/{apiKey}";
  private static final String COHORT = PROJECT + "/cohorts/{cohortId}";
  private static final int MAX_PAGE = 100_000;

  private final AmplitudeControl control;
  private final VirtualClock clock;
  private final SecureRandom random = new SecureRandom();

  public ControlRoutes(AmplitudeControl control, VirtualClock clock) {
    this.control = control;
    this.clock = clock;
  }

  public void addRoutes(RoutesConfig routes) {
    routes.post(BASE + "/reset", guarded(this::reset));
    routes.post(BASE + "/projects", guarded(this::createProject));
    routes.get(BASE + "/projects", guarded(this::listProjects));
    routes.get(PROJECT, guarded(ctx -> ctx.json(projectView(project(ctx)))));
    routes.post(PROJECT + "/hold", guarded(ctx -> hold(ctx, true)));
    routes.post(PROJECT + "/release", guarded(ctx -> hold(ctx, false)));
    routes.post(PROJECT + "/users", guarded(this::upsertUsers));
    routes.get(PROJECT + "/users", guarded(this::listUsers));
    routes.post(PROJECT + "/cohorts", guarded(this::createCohort));
    routes.get(PROJECT + "/cohorts", guarded(this::listCohorts));
    routes.get(COHORT, guarded(ctx -> cohortResponse(ctx, control.cohort(apiKey(ctx), cohortId(ctx)))));
    routes.put(COHORT + "/members", guarded(ctx -> members(ctx, "set")));
    routes.post(COHORT + "/members/add", guarded(ctx -> members(ctx, "add")));
    routes.post(COHORT + "/members/remove", guarded(ctx -> members(ctx, "remove")));
    routes.get(COHORT + "/members", guarded(this::listMembers));
    routes.post(COHORT + "/rename", guarded(this::rename));
    routes.post(COHORT + "/archive", guarded(ctx -> archive(ctx, true)));
    routes.post(COHORT + "/unarchive", guarded(ctx -> archive(ctx, false)));
    routes.put(COHORT + "/syncs", guarded(this::setSyncs));
    routes.get(PROJECT + "/exports", guarded(this::listExports));
  }

  /** Turns the domain's exceptions into control API errors with field, value and fix. */
  private static Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (InvalidInputException e) {
        throw ApiException.invalid(e.field(), e.value(), e.problem(), e.fix());
      } catch (UnknownResourceException e) {
        throw ApiException.notFound(e.kind(), e.id(), e.fix());
      } catch (ConflictException e) {
        throw ApiException.conflict(e.problem(), e.fix());
      }
    };
  }

  private void reset(Context ctx) {
    control.reset();
    ctx.json(Map.of("reset", List.of("amplitude")));
  }

  private void createProject(Context ctx) {
    ObjectNode body = JsonBodies.readObject(ctx);
    String name = ControlBodies.requiredText(body, "name", "send a display name such as \"Demo\"");
    Long appId = ControlBodies.integer(body, "appId", "send an integer such as 153957");
    String apiKey = ControlBodies.text(body, "apiKey", "send a string, or leave it out to generate one");
    String secretKey =
        ControlBodies.text(body, "secretKey", "send a string, or leave it out to generate one");
    String regionText = ControlBodies.text(body, "region", "send US or EU");
    Region region = Region.US;
    if (regionText != null) {
      try {
        region = Region.valueOf(regionText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("region", regionText, "is not a region", "send US or EU");
      }
    }
    AmplitudeProject project =
        new AmplitudeProject(
            name,
            appId == null ? freeAppId() : appId,
            apiKey == null ? randomHex() : apiKey,
            secretKey == null ? randomHex() : secretKey,
            region);
    ProjectState state = control.createProject(project);
    ctx.status(201).json(projectView(state));
  }

  private void listProjects(Context ctx) {
    List<Map<String, Object>> views = new ArrayList<>();
    for (ProjectState state : control.projects()) {
      views.add(projectView(state));
    }
    ctx.json(ControlJson.list("projects", views));
  }

  private void hold(Context ctx, boolean held) {
    ProjectState state = project(ctx);
    if (held) {
      state.hold();
    } else {
      state.release();
    }
    ctx.json(projectView(state));
  }

  private void upsertUsers(Context ctx) {
    ObjectNode body = JsonBodies.readObject(ctx);
    JsonNode list = body.get("users");
    if (list == null || !list.isArray()) {
      throw ApiException.invalid(
          "users", list == null ? null : list.toString(), "is not an array",
          "send {\"users\":[{\"amplitudeId\":101,\"userId\":\"u1\",\"properties\":{}}]}");
    }
    List<AmplitudeUser> users = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      users.add(user(list.get(i), "users[" + i + "]"));
    }
    ProjectState state = project(ctx);
    control.upsertUsers(apiKey(ctx), users);
    ctx.json(Map.of("upserted", users.size(), "users", state.userCount()));
  }

  private AmplitudeUser user(JsonNode node, String where) {
    if (!node.isObject()) {
      throw ApiException.invalid(where, node.toString(), "is not an object", "send {amplitudeId, userId, properties}");
    }
    ObjectNode entry = (ObjectNode) node;
    Long amplitudeId =
        ControlBodies.integer(entry, "amplitudeId", "send a positive integer in " + where);
    if (amplitudeId == null) {
      throw ApiException.invalid(where + ".amplitudeId", null, "is required", "send a positive integer");
    }
    String userId = ControlBodies.text(entry, "userId", "send a string, or null for an anonymous user");
    try {
      return new AmplitudeUser(amplitudeId, userId, ControlBodies.textMap(entry, "properties"));
    } catch (InvalidInputException e) {
      throw ApiException.invalid(where + "." + e.field(), e.value(), e.problem(), e.fix());
    }
  }

  private void listUsers(Context ctx) {
    ProjectState state = project(ctx);
    int offset = ControlBodies.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = ControlBodies.queryInt(ctx, "limit", 1000, 1, MAX_PAGE);
    List<Map<String, Object>> users = new ArrayList<>();
    for (AmplitudeUser user : state.users(ctx.queryParam("userId"), offset, limit)) {
      users.add(ControlJson.user(user));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("users", users);
    body.put("total", state.userCount());
    ctx.json(body);
  }

  private void createCohort(Context ctx) {
    ObjectNode body = JsonBodies.readObject(ctx);
    CohortSpec spec =
        new CohortSpec(
            ControlBodies.text(body, "id", "send a cohort id such as 26umsb5, or leave it out"),
            ControlBodies.requiredText(body, "name", "send the cohort's display name"),
            ControlBodies.text(body, "description", "send a string or leave it out"),
            ControlBodies.textList(body, "owners"),
            ControlBodies.bool(body, "published", true));
    JsonNode definition = body.get("definition");
    if (definition != null && !definition.isNull() && !definition.isObject()) {
      throw ApiException.invalid(
          "definition", definition.toString(), "is not an object",
          "send Amplitude's cohort definition object, or leave it out");
    }
    String type = ControlBodies.text(body, "type", "send a string such as redshift");
    long[] members = ControlBodies.amplitudeIds(body, "amplitudeIds", false);
    Cohort cohort =
        control.createCohort(
            apiKey(ctx), spec,
            definition == null || definition.isNull() ? null : (ObjectNode) definition,
            type, members);
    ctx.status(201).json(ControlJson.cohort(cohort));
  }

  private void listCohorts(Context ctx) {
    List<Map<String, Object>> views = new ArrayList<>();
    for (Cohort cohort : control.cohorts(apiKey(ctx))) {
      views.add(ControlJson.cohort(cohort));
    }
    ctx.json(ControlJson.list("cohorts", views));
  }

  private void members(Context ctx, String change) {
    ObjectNode body = JsonBodies.readObject(ctx);
    long[] ids = ControlBodies.amplitudeIds(body, "amplitudeIds", true);
    String apiKey = apiKey(ctx);
    String cohortId = cohortId(ctx);
    Cohort cohort =
        switch (change) {
          case "set" -> control.setMembers(apiKey, cohortId, ids);
          case "add" -> control.addMembers(apiKey, cohortId, ids);
          default -> control.removeMembers(apiKey, cohortId, ids);
        };
    cohortResponse(ctx, cohort);
  }

  private void listMembers(Context ctx) {
    Cohort cohort = control.cohort(apiKey(ctx), cohortId(ctx));
    int offset = ControlBodies.queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = ControlBodies.queryInt(ctx, "limit", 1000, 1, MAX_PAGE);
    Membership members = cohort.members();
    int end = (int) Math.min(members.size(), (long) offset + limit);
    long[] page = offset >= end ? new long[0] : new long[end - offset];
    for (int i = offset; i < end; i++) {
      page[i - offset] = members.get(i);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("amplitudeIds", Arrays.stream(page).boxed().toList());
    body.put("total", members.size());
    body.put("offset", offset);
    body.put("limit", limit);
    ctx.json(body);
  }

  private void rename(Context ctx) {
    ObjectNode body = JsonBodies.readObject(ctx);
    String name = ControlBodies.requiredText(body, "name", "send the new display name");
    cohortResponse(ctx, control.rename(apiKey(ctx), cohortId(ctx), name));
  }

  private void archive(Context ctx, boolean archived) {
    cohortResponse(ctx, control.setArchived(apiKey(ctx), cohortId(ctx), archived));
  }

  private void setSyncs(Context ctx) {
    ObjectNode body = JsonBodies.readObject(ctx);
    JsonNode list = body.get("syncs");
    if (list == null || !list.isArray()) {
      throw ApiException.invalid(
          "syncs", list == null ? null : list.toString(), "is not an array",
          "send {\"syncs\":[{\"target\":\"segment\",\"frequency\":\"hourly\"}]}, or [] for none");
    }
    List<CohortSync> syncs = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      syncs.add(sync(list.get(i), "syncs[" + i + "]"));
    }
    cohortResponse(ctx, control.setSyncs(apiKey(ctx), cohortId(ctx), syncs));
  }

  private CohortSync sync(JsonNode node, String where) {
    if (!node.isObject()) {
      throw ApiException.invalid(where, node.toString(), "is not an object", "send {target, frequency}");
    }
    ObjectNode entry = (ObjectNode) node;
    String target = ControlBodies.text(entry, "target", "send a destination name such as segment");
    String frequencyText = ControlBodies.text(entry, "frequency", "send one-time, minute, hourly or daily");
    CohortSync.Frequency frequency = null;
    for (CohortSync.Frequency candidate : CohortSync.Frequency.values()) {
      if (candidate.wireName().equals(frequencyText)) {
        frequency = candidate;
      }
    }
    if (frequency == null) {
      throw ApiException.invalid(
          where + ".frequency", frequencyText, "is not a sync frequency",
          "send one-time, minute, hourly or daily");
    }
    try {
      return new CohortSync(
          target, frequency, ControlBodies.bool(entry, "enabled", true),
          ControlBodies.instant(entry, "lastSuccessful"), ControlBodies.instant(entry, "lastFailure"),
          ControlBodies.textMap(entry, "params"));
    } catch (InvalidInputException e) {
      throw ApiException.invalid(where + "." + e.field(), e.value(), e.problem(), e.fix());
    }
  }

  private void listExports(Context ctx) {
    Instant now = clock.instant();
    List<Map<String, Object>> views = new ArrayList<>();
    for (ExportJob job : control.exportJobs(apiKey(ctx))) {
      views.add(ControlJson.export(job.info(now)));
    }
    ctx.json(ControlJson.list("exports", views));
  }

  private void cohortResponse(Context ctx, Cohort cohort) {
    ctx.json(ControlJson.cohort(cohort));
  }

  private Map<String, Object> projectView(ProjectState state) {
    return ControlJson.project(state, clock.instant());
  }

  private ProjectState project(Context ctx) {
    return control.project(apiKey(ctx));
  }

  private static String apiKey(Context ctx) {
    return ctx.pathParam("apiKey");
  }

  private static String cohortId(Context ctx) {
    return ctx.pathParam("cohortId");
  }

  private long freeAppId() {
    long candidate = 100_001;
    while (true) {
      long taken = candidate;
      if (control.projects().stream().noneMatch(p -> p.project().appId() == taken)) {
        return candidate;
      }
      candidate++;
    }
  }

  private String randomHex() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
