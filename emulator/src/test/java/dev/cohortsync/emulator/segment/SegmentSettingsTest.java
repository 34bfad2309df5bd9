package dev.cohortsync.emulator.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohortsync.emulator.Emulator;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SegmentSettingsTest {

  @Test
  void defaultsAreValid() {
    assertThatNoException().isThrownBy(() -> new SegmentSettings().validate());
  }

  @Test
  void defaultsMatchSegmentsDocumentedLimits() {
    SegmentSettings settings = new SegmentSettings();

    assertThat(settings.maxSingleRequestBytes).isEqualTo(32_768);
    assertThat(settings.maxBatchRequestBytes).isEqualTo(512_000);
    assertThat(settings.maxBatchEvents).isEqualTo(2_500);
    assertThat(settings.maxMessageIdLength).isEqualTo(100);
    assertThat(settings.dedupeWindow).isEqualTo(Duration.ofHours(24));
    assertThat(settings.writeKeyMode).isEqualTo(WriteKeyMode.DROP);
  }

  /** A broken setting and the field its error must name. */
  record Broken(Consumer<SegmentSettings> change, String field) {}

  static Stream<Broken> brokenSettings() {
    return Stream.of(
        new Broken(s -> s.writeKeyMode = null, "segment.writeKeyMode"),
        new Broken(s -> s.maxSingleRequestBytes = 0, "segment.maxSingleRequestBytes"),
        new Broken(s -> s.maxBatchEvents = -1, "segment.maxBatchEvents"),
        // inflation cap below the batch limit would reject valid gzip batches
        new Broken(s -> s.maxInflatedBodyBytes = 1_000, "segment.maxInflatedBodyBytes"),
        new Broken(s -> s.dedupeWindow = Duration.ofHours(-1), "segment.dedupeWindow"),
        new Broken(
            s -> s.rateLimitRequestsPerSecond = Double.NaN, "segment.rateLimitRequestsPerSecond"),
        new Broken(s -> s.rateLimitBurst = 0, "segment.rateLimitBurst"),
        new Broken(s -> s.maxStoredEvents = 0, "segment.maxStoredEvents"),
        new Broken(s -> s.maxWaitTimeout = Duration.ZERO, "segment.maxWaitTimeout"),
        // a configured source key must be usable in a Basic auth header
        new Broken(s -> s.sourceWriteKeys.add("two words"), "segment.sourceWriteKeys"));
  }

  @ParameterizedTest
  @MethodSource("brokenSettings")
  void invalidSettingIsNamed(Broken broken) {
    SegmentSettings settings = new SegmentSettings();
    broken.change().accept(settings);

    assertThatThrownBy(settings::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid " + broken.field() + " ");
  }

  @Test
  void invalidSourceKeyIsMaskedInTheMessage() {
    SegmentSettings settings = new SegmentSettings();
    settings.sourceWriteKeys.add("secret key");

    assertThatThrownBy(settings::validate).hasMessageNotContaining("secret key");
  }

  @Test
  void emulatorCreationFailsOnAnInvalidSetting() {
    assertThatThrownBy(() -> Emulator.create(cfg -> cfg.segment.maxStoredEvents = 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("segment.maxStoredEvents");
  }

  @Test
  void runningFakeKeepsItsOwnCopy() {
    SegmentSettings settings = new SegmentSettings();
    FakeSegment segment =
        new FakeSegment(settings, dev.cohortsync.emulator.time.VirtualClock.followingSystem());
    settings.maxStoredEvents = 7;

    assertThat(segment.settings().maxStoredEvents)
        .isEqualTo(SegmentSettings.DEFAULT_MAX_STORED_EVENTS);
    segment.close();
  }
}
