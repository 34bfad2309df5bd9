package dev.cohortsync.emulator.segment.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cohortsync.emulator.segment.RejectionReason;

/**
 * Reason one message is dropped.
 *
 * @param reason the discard reason
 * @param field the offending field
 * @param value the offending value, or null when the field is missing
 * @param detail what was wrong and what to send instead
 */
record Violation(RejectionReason reason, String field, JsonNode value, String detail) {}
