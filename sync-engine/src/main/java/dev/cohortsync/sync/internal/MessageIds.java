package dev.cohortsync.sync.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Derives an identify's messageId from the change it carries: SHA-256 over the sync id, cohort
 * id, trait key, user id, value and change sequence, shown as 32 hex digits in UUID layout.
 *
 * <p>A resent change therefore carries the same messageId, and Segment's messageId dedupe drops
 * the copy; a later real re-join has a higher sequence and so a new messageId.
 */
public final class MessageIds {

  private MessageIds() {}

  public static String of(String syncId, String cohortId, String traitKey, Change change) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
    // Each field is length-prefixed so that no two different changes hash the same bytes.
    update(digest, "cohort-sync/1");
    update(digest, syncId);
    update(digest, cohortId);
    update(digest, traitKey);
    update(digest, change.userId());
    update(digest, change.value() ? "true" : "false");
    digest.update(ByteBuffer.allocate(4).putInt(change.sequence()).array());
    String hex = HexFormat.of().formatHex(digest.digest(), 0, 16);
    return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
        + hex.substring(16, 20) + "-" + hex.substring(20);
  }

  private static void update(MessageDigest digest, String field) {
    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
    digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
    digest.update(bytes);
  }
}
