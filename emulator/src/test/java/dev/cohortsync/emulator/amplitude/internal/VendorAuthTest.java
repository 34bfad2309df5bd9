package dev.cohortsync.emulator.amplitude.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cohortsync.emulator.amplitude.AmplitudeSettings;
import dev.cohortsync.emulator.amplitude.Region;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class VendorAuthTest {

  record HostCase(String host, Region expected) {}

  static final List<HostCase> HOSTS =
      List.of(
          new HostCase("analytics.eu.amplitude.com", Region.EU),
          new HostCase("analytics.eu.amplitude.com:8080", Region.EU),
          // Host names are case-insensitive.
          new HostCase("Analytics.EU.Amplitude.com", Region.EU),
          // A fully qualified name may end with a dot.
          new HostCase("analytics.eu.amplitude.com.", Region.EU),
          new HostCase("api.eu.amplitude.com", Region.EU),
          new HostCase("amplitude.com", Region.US),
          new HostCase("127.0.0.1:8080", Region.US),
          new HostCase("[::1]:8080", Region.US),
          // Missing Host header (HTTP/1.0) falls back to the default data centre.
          new HostCase(null, Region.US),
          new HostCase("eu.amplitude.com.example", Region.US));

  @ParameterizedTest
  @FieldSource("HOSTS")
  void mapsHostHeaderToRegion(HostCase row) {
    assertThat(VendorAuth.regionOf(row.host(), new AmplitudeSettings())).isEqualTo(row.expected());
  }

  @Test
  void honoursConfiguredEuHosts() {
    AmplitudeSettings settings = new AmplitudeSettings();
    settings.euHostNames = Set.of("localhost");

    assertThat(VendorAuth.regionOf("localhost:9000", settings)).isEqualTo(Region.EU);
    assertThat(VendorAuth.regionOf("127.0.0.1:9000", settings)).isEqualTo(Region.US);
  }
}
