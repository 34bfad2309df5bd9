package dev.cohortsync.emulator.segment.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Encodes stored messages as raw deflate with a preset dictionary of the field names and values
 * Segment messages repeat, which makes even a 300-byte identify shrink. The pass-through codec
 * keeps plain UTF-8 JSON.
 */
abstract class PayloadCodec {

  static PayloadCodec create(boolean compress) {
    return compress ? new Deflating() : new PassThrough();
  }

  abstract byte[] encode(byte[] json);

  abstract byte[] decode(byte[] stored);

  private static final class PassThrough extends PayloadCodec {
    @Override
    byte[] encode(byte[] json) {
      return json;
    }

    @Override
    byte[] decode(byte[] stored) {
      return stored;
    }
  }

  /**
   * Layout: the raw length as an unsigned varint, then the deflate stream. Deflaters and inflaters
   * hold native memory, so a few idle ones are pooled instead of one per thread.
   */
  private static final class Deflating extends PayloadCodec {

    // zlib finds matches closest to the end of the dictionary cheapest, so the most common
    // strings come last.
    private static final byte[] DICTIONARY =
        ("\"category\":\"\"name\":\"\"properties\":{\"groupId\":\"\"previousId\":\"\"event\":\""
                + "\"type\":\"track\"\"type\":\"page\"\"type\":\"screen\"\"type\":\"group\""
                + "\"type\":\"alias\",\"instanceId\":\"\"library\":{\"name\":\"analytics-java\","
                + "\"version\":\"3.5.\"integration\":{\"name\":\"Amplitude Cohort Sync\","
                + "\"version\":\"1.0.0\"}},\"integrations\":{},\"messageId\":\"api-\","
                + "\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"originalTimestamp\":\"\","
                + "\"sentAt\":\"\",\"receivedAt\":\"{\"type\":\"identify\",\"userId\":\""
                + "\",\"anonymousId\":\"\",\"traits\":{\"[Amplitude] \",\"context\":{")
            .getBytes(StandardCharsets.UTF_8);
    private static final int MAX_IDLE = 8;

    private final Queue<Deflater> deflaters = new ConcurrentLinkedQueue<>();
    private final Queue<Inflater> inflaters = new ConcurrentLinkedQueue<>();

    @Override
    byte[] encode(byte[] json) {
      Deflater deflater = deflaters.poll();
      if (deflater == null) {
        deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
      }
      try {
        deflater.setDictionary(DICTIONARY);
        deflater.setInput(json);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 2 + 16);
        writeVarint(out, json.length);
        byte[] buffer = new byte[Math.max(64, json.length + 16)];
        while (!deflater.finished()) {
          int n = deflater.deflate(buffer);
          out.write(buffer, 0, n);
        }
        return out.toByteArray();
      } finally {
        deflater.reset();
        release(deflaters, deflater);
      }
    }

    @Override
    byte[] decode(byte[] stored) {
      int length = 0;
      int shift = 0;
      int offset = 0;
      int b;
      do {
        b = stored[offset++];
        length |= (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      Inflater inflater = inflaters.poll();
      if (inflater == null) {
        inflater = new Inflater(true);
      }
      try {
        inflater.setDictionary(DICTIONARY);
        inflater.setInput(stored, offset, stored.length - offset);
        byte[] json = new byte[length];
        int filled = 0;
        while (filled < length) {
          int n = inflater.inflate(json, filled, length - filled);
          if (n == 0 && (inflater.finished() || inflater.needsInput())) {
            break;
          }
          filled += n;
        }
        if (filled != length) {
          throw new IllegalStateException(
              "stored event is corrupt: inflated " + filled + " of " + length + " bytes");
        }
        return json;
      } catch (DataFormatException e) {
        throw new IllegalStateException("stored event is corrupt: " + e.getMessage(), e);
      } finally {
        inflater.reset();
        release(inflaters, inflater);
      }
    }

    private static <T> void release(Queue<T> pool, T codec) {
      if (pool.size() < MAX_IDLE) {
        pool.offer(codec);
      } else if (codec instanceof Deflater deflater) {
        deflater.end();
      } else if (codec instanceof Inflater inflater) {
        inflater.end();
      }
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
      int rest = value;
      while ((rest & ~0x7f) != 0) {
        out.write((rest & 0x7f) | 0x80);
        rest >>>= 7;
      }
      out.write(rest);
    }
  }
}
