package dev.cohortsync.emulator.amplitude;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class AmplitudeSettingsTest {

  record BadSetting(String name, Consumer<AmplitudeSettings> change) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<BadSetting> BAD_SETTINGS =
      List.of(
          new BadSetting("exportJobDuration", s -> s.exportJobDuration = Duration.ofSeconds(-1)),
          new BadSetting("exportJobDuration", s -> s.exportJobDuration = null),
          new BadSetting("inlineFileMaxMembers", s -> s.inlineFileMaxMembers = -1),
          new BadSetting("presignedUrlLifetime", s -> s.presignedUrlLifetime = Duration.ZERO),
          new BadSetting("fileLinkLifetime", s -> s.fileLinkLifetime = Duration.ofDays(-7)),
          new BadSetting("exportRequestsPerWindow", s -> s.exportRequestsPerWindow = 0),
          new BadSetting("exportRequestWindow", s -> s.exportRequestWindow = null),
          new BadSetting("maxRunningExportsPerApp", s -> s.maxRunningExportsPerApp = 0),
          new BadSetting(
              "maxConcurrentRequestsPerProject", s -> s.maxConcurrentRequestsPerProject = 0),
          new BadSetting("exportRequestsPerMonth", s -> s.exportRequestsPerMonth = 0),
          new BadSetting("maxExportMembers", s -> s.maxExportMembers = -1),
          new BadSetting("maxIdsPerRequest", s -> s.maxIdsPerRequest = 0),
          new BadSetting("maxHoldWait", s -> s.maxHoldWait = Duration.ZERO),
          new BadSetting("csvLineEnding", s -> s.csvLineEnding = null),
          new BadSetting("euHostNames", s -> s.euHostNames = null),
          // Host names are compared in lower case and without port.
          new BadSetting("euHostNames", s -> s.euHostNames = Set.of("EU.example")),
          new BadSetting("euHostNames", s -> s.euHostNames = Set.of("eu.example:443")));

  @Test
  void acceptsDefaults() {
    assertThatCode(() -> new AmplitudeSettings().validate()).doesNotThrowAnyException();
  }

  @Test
  void acceptsInstantJobs() {
    AmplitudeSettings settings = new AmplitudeSettings();
    settings.exportJobDuration = Duration.ZERO;

    assertThatCode(settings::validate).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @FieldSource("BAD_SETTINGS")
  void rejectsInvalidSettingNamingIt(BadSetting bad) {
    AmplitudeSettings settings = new AmplitudeSettings();
    bad.change().accept(settings);

    assertThatThrownBy(settings::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amplitude." + bad.name());
  }
}
