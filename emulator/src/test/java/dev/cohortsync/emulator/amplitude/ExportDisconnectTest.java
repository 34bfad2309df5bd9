package dev.cohortsync.emulator.amplitude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cohortsync.emulator.Emulator;
import dev.cohortsync.emulator.http.ControlErrors;
import dev.cohortsync.emulator.time.VirtualClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ExportDisconnectTest {

  private static final String KEY = "drop-key";
  private static final String AUTH = TestHttp.basic(KEY, "drop-secret");

  @Test
  void clientDisconnectFreesSlotQuietly() throws Exception {
    Logger errors = (Logger) LoggerFactory.getLogger(ControlErrors.class);
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.start();
    errors.addAppender(captured);
    try (Emulator emulator = start()) {
      TestHttp http = new TestHttp(emulator.baseUri());
      String requestId =
          http.get("/api/5/cohorts/request/big1234", "Authorization", AUTH).json().path("request_id").asText();

      // A 1,000,000-row file (about 15 MB) is larger than the loopback socket buffers, so the
      // server is still writing when the client goes away.
      try (Socket socket = new Socket("127.0.0.1", emulator.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(
            ("GET /api/5/cohorts/request/" + requestId + "/file HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + AUTH + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        assertThat(in.readNBytes(4096)).hasSize(4096);
      }

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  http.get("/_emulator/amplitude/projects/" + KEY).json().path("requestsInFlight").asInt()
                      == 0);
      assertThat(http.get("/api/3/cohorts", "Authorization", AUTH).status()).isEqualTo(200);
      assertThat(captured.list).noneMatch(event -> event.getLevel() == Level.ERROR);
    } finally {
      errors.detachAppender(captured);
    }
  }

  private static Emulator start() {
    Emulator emulator =
        Emulator.create(
                cfg -> {
                  cfg.port = 0;
                  cfg.clock = VirtualClock.frozenAt(Instant.parse("2026-03-02T10:00:00Z"));
                  cfg.sync.enabled = false;
                  cfg.amplitude.exportJobDuration = Duration.ZERO;
                  cfg.amplitude.inlineFileMaxMembers = 2_000_000;
                })
            .start();
    FakeAmplitude amplitude = emulator.amplitude();
    amplitude.createProject(new AmplitudeProject("Drop", 5, KEY, "drop-secret", Region.US));
    amplitude.createCohort(KEY, new CohortSpec("big1234", "Big", null, List.of(), true));
    amplitude.setMembers(KEY, "big1234", LongStream.rangeClosed(1, 1_000_000));
    return emulator;
  }
}
