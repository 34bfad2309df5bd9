package dev.cohortsync.emulator.segment.internal;

import java.util.Map;

/**
 * The response to one tracking request.
 *
 * @param status HTTP status
 * @param headers extra response headers, such as {@code Retry-After}
 * @param body the response body, JSON unless an injected fault set something else
 */
record TrackingResponse(int status, Map<String, String> headers, String body) {

  TrackingResponse {
    headers = Map.copyOf(headers);
  }
}
