package dev.cohortsync.emulator.amplitude;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.emulator.Emulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class AmplitudeOpenApiTest {

  private static final String PROJECT = "/_emulator/amplitude/projects/{apiKey}";
  private static final String COHORT = PROJECT + "/cohorts/{cohortId}";

  record Route(String method, String path) {}

  /** Every route that the fake Amplitude registers under /_emulator/. */
  static final List<Route> ROUTES =
      List.of(
          new Route("post", "/_emulator/amplitude/reset"),
          new Route("get", "/_emulator/amplitude/projects"),
          new Route("post", "/_emulator/amplitude/projects"),
          new Route("get", PROJECT),
          new Route("post", PROJECT + "/hold"),
          new Route("post", PROJECT + "/release"),
          new Route("get", PROJECT + "/users"),
          new Route("post", PROJECT + "/users"),
          new Route("get", PROJECT + "/cohorts"),
          new Route("post", PROJECT + "/cohorts"),
          new Route("get", COHORT),
          new Route("get", COHORT + "/members"),
          new Route("put", COHORT + "/members"),
          new Route("post", COHORT + "/members/add"),
          new Route("post", COHORT + "/members/remove"),
          new Route("post", COHORT + "/rename"),
          new Route("post", COHORT + "/archive"),
          new Route("post", COHORT + "/unarchive"),
          new Route("put", COHORT + "/syncs"),
          new Route("get", PROJECT + "/exports"),
          new Route("get", "/_emulator/amplitude/s3/cohort-exports/{appId}/{file}"));

  private static Emulator emulator;
  private static JsonNode document;

  @BeforeAll
  static void fetchDocument() {
    emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = 0;
                  cfg.sync.stateDirectory = null;
                })
            .start();
    document = new TestHttp(emulator.baseUri()).get("/_emulator/openapi.json").json();
  }

  @AfterAll
  static void stop() {
    emulator.stop();
  }

  @ParameterizedTest
  @FieldSource("ROUTES")
  void documentsRoute(Route route) {
    assertThat(document.path("paths").path(route.path()).has(route.method()))
        .as("%s %s in openapi.json", route.method(), route.path())
        .isTrue();
  }

  @Test
  void resolvesEveryReference() {
    List<String> references = new ArrayList<>();
    collectReferences(document, references);

    assertThat(references).isNotEmpty();
    for (String reference : references) {
      assertThat(document.at(reference.substring(1)).isMissingNode())
          .as("reference %s", reference)
          .isFalse();
    }
  }

  private static void collectReferences(JsonNode node, List<String> references) {
    if (node.isObject() && node.has("$ref")) {
      references.add(node.get("$ref").asText());
    }
    node.forEach(child -> collectReferences(child, references));
  }
}
