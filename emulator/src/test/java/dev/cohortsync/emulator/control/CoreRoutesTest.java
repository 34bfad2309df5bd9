package dev.cohortsync.emulator.control;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.time.VirtualClock;
import io.restassured.http.ContentType;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CoreRoutesTest {

  private static final Instant START = Instant.parse("2026-01-05T09:00:00Z");
  private static Emulator emulator;

  @BeforeAll
  static void start() {
    emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = 0;
                  cfg.clock = VirtualClock.frozenAt(START);
                  cfg.sync.enabled = false;
                })
            .start();
  }

  @AfterAll
  static void stop() {
    emulator.stop();
  }

  @Test
  void healthListsComponentsAndClock() {
    given().baseUri(emulator.baseUri().toString())
        .when().get("/_emulator/health")
        .then().statusCode(200)
        .body("status", equalTo("ok"))
        .body("clock.mode", equalTo("FROZEN"))
        .body("components", hasKey("segment"))
        .body("components", hasKey("amplitude"))
        .body("components", not(hasKey("sync")));
  }

  @Test
  void advanceMovesTheSharedClock() {
    Instant before = emulator.clock().instant();

    given().baseUri(emulator.baseUri().toString()).contentType(ContentType.JSON).body("{\"by\":\"PT90S\"}")
        .when().post("/_emulator/clock/advance")
        .then().statusCode(200)
        .body("now", equalTo(before.plusSeconds(90).toString()));
  }

  @Test
  void advanceRejectsBadDurationNamingFieldAndValue() {
    Instant before = emulator.clock().instant();

    given().baseUri(emulator.baseUri().toString()).contentType(ContentType.JSON).body("{\"by\":\"1 hour\"}")
        .when().post("/_emulator/clock/advance")
        .then().statusCode(400)
        .body("error.code", equalTo("invalid_request"))
        .body("error.field", equalTo("by"))
        .body("error.value", equalTo("1 hour"))
        .body("error.fix", containsString("PT1H"));
    org.assertj.core.api.Assertions.assertThat(emulator.clock().instant()).isEqualTo(before);
  }

  @Test
  void setRejectsInstantInThePast() {
    given().baseUri(emulator.baseUri().toString()).contentType(ContentType.JSON).body("{\"to\":\"2020-01-01T00:00:00Z\"}")
        .when().post("/_emulator/clock/set")
        .then().statusCode(400)
        .body("error.field", equalTo("to"))
        .body("error.message", containsString("before the current clock"));
  }

  @Test
  void malformedJsonIsA400WithoutStackTrace() {
    given().baseUri(emulator.baseUri().toString()).contentType(ContentType.JSON).body("{\"by\":")
        .when().post("/_emulator/clock/advance")
        .then().statusCode(400)
        .body("error.field", equalTo("body"))
        .body(not(containsString("at dev.cohortsync")));
  }

  @Test
  void resetRejectsUnknownComponent() {
    given().baseUri(emulator.baseUri().toString())
        .when().post("/_emulator/reset?component=kafka")
        .then().statusCode(400)
        .body("error.field", equalTo("component"))
        .body("error.fix", containsString("segment"));
  }

  @Test
  void resetOfAllNamesEachComponent() {
    given().baseUri(emulator.baseUri().toString())
        .when().post("/_emulator/reset")
        .then().statusCode(200)
        .body("reset", org.hamcrest.Matchers.contains("segment", "amplitude"));
  }

  @Test
  void openApiDocumentsEveryControlRouteAndNothingElse() {
    io.restassured.path.json.JsonPath doc =
        given().baseUri(emulator.baseUri().toString()).get("/_emulator/openapi.json").jsonPath();
    java.util.Set<String> documented = new java.util.TreeSet<>();
    java.util.Map<String, java.util.Map<String, Object>> paths = doc.getMap("paths");
    paths.forEach((path, operations) ->
        operations.keySet().stream()
            .filter(key -> java.util.Set.of("get", "post", "put", "patch", "delete").contains(key))
            .forEach(method -> documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path)));
    java.util.Set<String> registered = new java.util.TreeSet<>();
    emulator.endpoints().stream()
        .filter(endpoint -> endpoint.contains(" /_emulator/"))
        .filter(endpoint -> !endpoint.startsWith("HEAD ") && !endpoint.startsWith("OPTIONS "))
        .forEach(registered::add);

    java.util.Set<String> documentedControl = new java.util.TreeSet<>(documented);
    documentedControl.removeIf(endpoint -> !endpoint.contains(" /_emulator/"));

    org.assertj.core.api.Assertions.assertThat(registered).isNotEmpty();
    org.assertj.core.api.Assertions.assertThat(documentedControl)
        .as("documented control routes")
        .containsExactlyInAnyOrderElementsOf(registered);
  }

  @Test
  void openApiDocumentsEveryCoreRoute() {
    given().baseUri(emulator.baseUri().toString())
        .when().get("/_emulator/openapi.json")
        .then().statusCode(200)
        .body("openapi", equalTo("3.1.0"))
        .body("paths", hasKey("/_emulator/health"))
        .body("paths", hasKey("/_emulator/reset"))
        .body("paths", hasKey("/_emulator/clock/advance"));
  }
}
