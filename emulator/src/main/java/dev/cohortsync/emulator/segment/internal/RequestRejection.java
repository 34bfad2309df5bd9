package dev.cohortsync.emulator.segment.internal;

import dev.cohortsync.emulator.segment.RejectionReason;

/** Rejection of a whole tracking request with an error status. Nothing of the request is stored. */
final class RequestRejection extends Exception {

  private final int status;
  private final RejectionReason reason;
  private final String field;
  private final String value;

  RequestRejection(int status, RejectionReason reason, String field, String value, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.reason = reason;
    this.field = field;
    this.value = value;
  }

  static RequestRejection badRequest(RejectionReason reason, String detail) {
    return new RequestRejection(400, reason, null, null, detail);
  }

  int status() {
    return status;
  }

  RejectionReason reason() {
    return reason;
  }

  String field() {
    return field;
  }

  String value() {
    return value;
  }
}
