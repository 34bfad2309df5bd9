package dev.cohortsync.emulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohortsync.emulator.EmulatorConfig;
import dev.cohortsync.emulator.segment.WriteKeyMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SettingOverridesTest {

  private final EmulatorConfig config = new EmulatorConfig();

  private void set(String name, String value) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put(name, value);
    SettingOverrides.apply(config, overrides);
  }

  @Test
  void setsEachKindOfField() {
    set("segment.maxStoredEvents", "5_000");
    set("segment.strictValidation", "TRUE");
    set("segment.writeKeyMode", "accept");
    set("segment.sourceWriteKeys", "a, b,");
    set("segment.rateLimitRequestsPerSecond", "2.5");
    set("amplitude.exportJobDuration", "PT0S");
    set("sync.stateDirectory", "/tmp/state");
    set("amplitude.idSeed", "");

    assertThat(config.segment.maxStoredEvents).isEqualTo(5000);
    assertThat(config.segment.strictValidation).isTrue();
    assertThat(config.segment.writeKeyMode).isEqualTo(WriteKeyMode.ACCEPT);
    assertThat(config.segment.sourceWriteKeys).isEqualTo(List.of("a", "b"));
    assertThat(config.segment.rateLimitRequestsPerSecond).isEqualTo(2.5);
    assertThat(config.amplitude.exportJobDuration).isEqualTo(Duration.ZERO);
    assertThat(config.sync.stateDirectory).isEqualTo(Path.of("/tmp/state"));
    assertThat(config.amplitude.idSeed).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // no section
        "strictValidation|true|unknown setting",
        // a section that does not exist
        "kafka.topic|x|unknown setting",
        "segment.nope|1|segment has no setting nope",
        "segment.maxStoredEvents|lots|expected a whole number",
        "segment.strictValidation|yes|expected true or false",
        "segment.writeKeyMode|loud|expected one of [drop, reject, accept]",
        "amplitude.exportJobDuration|2s|ISO-8601 duration",
        // primitives cannot be null
        "segment.maxStoredEvents|''|expected a whole number"
      })
  void rejectsBadSettingNamingItAndTheFix(String name, String value, String message) {
    int before = config.segment.maxStoredEvents;

    assertThatThrownBy(() -> set(name, value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(name)
        .hasMessageContaining(message);
    assertThat(config.segment.maxStoredEvents).isEqualTo(before);
  }
}
