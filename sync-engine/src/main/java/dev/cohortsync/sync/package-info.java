/**
 * The Amplitude-to-Segment cohort sync: export client, diff, state store, Segment sender,
 * scheduler and run history. Public API sits in this package; implementation in {@code .internal}.
 */
package dev.cohortsync.sync;
