package io.swapflush.source.grpc;

import io.vertx.grpc.common.GrpcStatus;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a Subscribe stream ended, as the source acts on it: {@code cause} is the label of the
 * reconnect metric. The replay refusals are those Yellowstone's servers send (Dragon's Mouth:
 * OUT_OF_RANGE, INTERNAL in older versions, "broadcast from N is not available, last available: M";
 * "from_slot is not supported"; LaserStream: DATA_LOSS).
 */
record StreamEnd(String cause, String detail, long lastAvailable) {

  static final String SILENT = "silent";
  static final String LAGGED = "lagged";
  static final String REPLAY_REFUSED = "replay-refused";
  static final String REFUSED = "refused";
  static final String CUT = "cut";
  static final String ENDED = "ended";
  static final String GAP = "gap";

  private static final Pattern LAST_AVAILABLE = Pattern.compile("is not available, last available: (\\d+)");

  static StreamEnd of(GrpcStatus status, String message) {
    String text = message == null ? "" : message;
    String detail = status + (text.isEmpty() ? "" : ": " + text);
    Matcher window = LAST_AVAILABLE.matcher(text);
    if (window.find()) {
      return new StreamEnd(REPLAY_REFUSED, detail, Long.parseLong(window.group(1)));
    }
    if (status == GrpcStatus.OUT_OF_RANGE || status == GrpcStatus.DATA_LOSS
        || text.contains("from_slot is not supported")) {
      return new StreamEnd(REPLAY_REFUSED, detail, -1);
    }
    if (text.toLowerCase(Locale.ROOT).contains("lagged")) {
      return new StreamEnd(LAGGED, detail, -1);
    }
    return switch (status) {
      case OK -> new StreamEnd(ENDED, "the server ended the stream", -1);
      case UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT, UNIMPLEMENTED, RESOURCE_EXHAUSTED ->
          new StreamEnd(REFUSED, detail, -1);
      default -> new StreamEnd(CUT, detail, -1);
    };
  }

  static StreamEnd failed(Throwable failure) {
    return new StreamEnd(CUT, String.valueOf(failure.getMessage() == null ? failure : failure.getMessage()), -1);
  }

  static StreamEnd silent(long ms) {
    return new StreamEnd(SILENT, "nothing arrived for " + ms + " ms", -1);
  }

  static StreamEnd gap(String why) {
    return new StreamEnd(GAP, why, -1);
  }

  boolean replayRefused() {
    return REPLAY_REFUSED.equals(cause);
  }
}
