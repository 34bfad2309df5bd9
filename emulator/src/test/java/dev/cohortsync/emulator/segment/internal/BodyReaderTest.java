package dev.cohortsync.emulator.segment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cohortsync.emulator.segment.RejectionReason;
import dev.cohortsync.emulator.segment.SizeLimitBasis;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BodyReaderTest {

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  /** Counts how many bytes a reader pulled, to show it stops early. */
  private static final class CountingZeros extends InputStream {
    private final long length;
    private long read;

    CountingZeros(long length) {
      this.length = length;
    }

    @Override
    public int read() {
      if (read == length) {
        return -1;
      }
      read++;
      return '0';
    }
  }

  @Test
  void plainBodyAtTheLimitIsReturned() throws Exception {
    BodyReader reader = new BodyReader(SizeLimitBasis.DECODED, 1 << 20);

    assertThat(reader.read(new ByteArrayInputStream(new byte[100]), null, 100)).hasSize(100);
  }

  @Test
  void plainBodyOverTheLimitIsRejectedAndDrained() {
    BodyReader reader = new BodyReader(SizeLimitBasis.DECODED, 1 << 20);
    CountingZeros body = new CountingZeros(5_000);

    assertThatThrownBy(() -> reader.read(body, null, 100))
        .isInstanceOfSatisfying(
            RequestRejection.class,
            rejection -> {
              assertThat(rejection.reason()).isEqualTo(RejectionReason.PAYLOAD_TOO_LARGE);
              assertThat(rejection.status()).isEqualTo(400);
            });
    assertThat(body.read).isEqualTo(5_000);
  }

  @Test
  void gzipBombInflatesNoFurtherThanTheLimit() throws Exception {
    byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
    BodyReader reader = new BodyReader(SizeLimitBasis.DECODED, 1 << 30);

    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(bomb), "gzip", 512_000))
        .isInstanceOfSatisfying(
            RequestRejection.class,
            rejection ->
                assertThat(rejection.getMessage()).contains("inflates to more than 512000"));
  }

  @Test
  void wireBasisCountsCompressedBytes() throws Exception {
    byte[] body = gzip(new byte[200_000]);
    BodyReader reader = new BodyReader(SizeLimitBasis.WIRE, 1 << 20);

    assertThat(reader.read(new ByteArrayInputStream(body), "gzip", 32_768)).hasSize(200_000);
  }

  @Test
  void wireBasisStillCapsInflation() throws Exception {
    byte[] body = gzip(new byte[3_000_000]);
    BodyReader reader = new BodyReader(SizeLimitBasis.WIRE, 2_000_000);

    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(body), "gzip", 32_768))
        .isInstanceOf(RequestRejection.class)
        .hasMessageContaining("inflates to more than 2000000");
  }

  @Test
  void truncatedGzipIsAnEncodingError() throws Exception {
    byte[] body = gzip("{\"userId\":\"u1\"}".getBytes());
    byte[] truncated = java.util.Arrays.copyOf(body, body.length - 6);
    BodyReader reader = new BodyReader(SizeLimitBasis.DECODED, 1 << 20);

    assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(truncated), "gzip", 1_000))
        .isInstanceOfSatisfying(
            RequestRejection.class,
            rejection ->
                assertThat(rejection.reason()).isEqualTo(RejectionReason.INVALID_ENCODING));
  }
}
