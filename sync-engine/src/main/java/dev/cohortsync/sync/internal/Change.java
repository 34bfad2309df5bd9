package dev.cohortsync.sync.internal;

/**
 * One identify to deliver: {@code userId} gets {@code value} under a trait key.
 *
 * @param sequence how many changes of this (sync, cohort, key, user) Segment acknowledged before
 *     this one; it makes the messageId of a later re-join differ from the first join's
 */
public record Change(String userId, boolean value, int sequence) {}
