package dev.cohortsync.emulator.amplitude.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.emulator.http.Json;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserPropertyOperationsTest {

  private static JsonNode json(String text) throws IOException {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void plainKeysSetValues() throws IOException {
    Map<String, String> result =
        UserPropertyOperations.apply(Map.of("plan", "free"), json("{\"plan\":\"pro\",\"seats\":3}"));

    assertThat(result).containsEntry("plan", "pro").containsEntry("seats", "3");
  }

  @Test
  void setOnceKeepsExistingValue() throws IOException {
    Map<String, String> result =
        UserPropertyOperations.apply(
            Map.of("first_seen", "monday"),
            json("{\"$setOnce\":{\"first_seen\":\"tuesday\",\"source\":\"ads\"}}"));

    assertThat(result).containsEntry("first_seen", "monday").containsEntry("source", "ads");
  }

  @Test
  void addSumsNumbers() throws IOException {
    Map<String, String> result =
        UserPropertyOperations.apply(Map.of("logins", "2"), json("{\"$add\":{\"logins\":3,\"score\":1.5}}"));

    assertThat(result).containsEntry("logins", "5").containsEntry("score", "1.5");
  }

  @Test
  void appendAndPrependBuildJsonLists() throws IOException {
    Map<String, String> appended =
        UserPropertyOperations.apply(Map.of("tags", "a"), json("{\"$append\":{\"tags\":\"b\"}}"));
    Map<String, String> prepended =
        UserPropertyOperations.apply(appended, json("{\"$prepend\":{\"tags\":[\"z\"]}}"));

    assertThat(appended).containsEntry("tags", "[\"a\",\"b\"]");
    assertThat(prepended).containsEntry("tags", "[\"z\",\"a\",\"b\"]");
  }

  @Test
  void unsetRemovesKeys() throws IOException {
    Map<String, String> result =
        UserPropertyOperations.apply(Map.of("plan", "pro"), json("{\"$unset\":{\"plan\":\"-\"}}"));

    assertThat(result).doesNotContainKey("plan");
  }

  @Test
  void rejectsMixingOperationsAndPlainKeys() {
    assertThatThrownBy(
            () -> UserPropertyOperations.apply(Map.of(), json("{\"$set\":{\"a\":1},\"b\":2}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mixes");
  }

  @Test
  void rejectsUnknownOperation() {
    assertThatThrownBy(() -> UserPropertyOperations.apply(Map.of(), json("{\"$remove\":{\"a\":1}}")))
        .hasMessageContaining("$remove");
  }

  @Test
  void rejectsAddOfText() {
    assertThatThrownBy(() -> UserPropertyOperations.apply(Map.of(), json("{\"$add\":{\"a\":\"x\"}}")))
        .hasMessageContaining("$add.a");
  }
}
