package dev.cohortsync.sync.internal.store;

import dev.cohortsync.sync.internal.Change;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Packs the changes of a pending batch into one binary column: count, then per change its fields. */
final class ChangeCodec {

  private static final int FORMAT_VERSION = 1;

  private ChangeCodec() {}

  static byte[] encode(List<Change> changes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(changes.size() * 24 + 8);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeInt(changes.size());
      for (Change change : changes) {
        byte[] user = change.userId().getBytes(StandardCharsets.UTF_8);
        out.writeInt(user.length);
        out.write(user);
        out.writeBoolean(change.value());
        out.writeInt(change.sequence());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static List<Change> decode(byte[] encoded) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int version = in.readUnsignedByte();
      if (version != FORMAT_VERSION) {
        throw new IllegalStateException(
            "pending batch has format version " + version + "; this engine reads version " + FORMAT_VERSION);
      }
      int count = in.readInt();
      List<Change> changes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] user = new byte[in.readInt()];
        in.readFully(user);
        changes.add(new Change(new String(user, StandardCharsets.UTF_8), in.readBoolean(), in.readInt()));
      }
      return changes;
    } catch (IOException e) {
      throw new UncheckedIOException("pending batch cannot be decoded", e);
    }
  }
}
