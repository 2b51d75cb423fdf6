package io.swapflush.launcher.config;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Where the configuration comes from: the launcher's {@code -conf} argument, a JSON file or inline
 * JSON, or nothing (all defaults). Read again at every flusher redeploy.
 */
public record ConfigFile(String argument) {

  public static final ConfigFile NONE = new ConfigFile(null);

  /** Reads and validates the configuration, failing with a {@link ConfigException} that says what is wrong. */
  public Future<SwapflushConfig> load(Vertx vertx) {
    return read(vertx).map(json -> SwapflushConfig.from(json, System.getenv()));
  }

  private Future<JsonObject> read(Vertx vertx) {
    if (argument == null) {
      return Future.succeededFuture(new JsonObject());
    }
    if (argument.strip().startsWith("{")) {
      return Future.succeededFuture(parse(argument, "the -conf argument"));
    }
    return vertx.fileSystem().readFile(argument)
        .recover(e -> Future.failedFuture(new ConfigException("cannot read config file " + argument + ": "
            + e.getMessage())))
        .map(buffer -> parse(buffer.toString(), "config file " + argument));
  }

  private static JsonObject parse(String text, String what) {
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException(what + " is not a JSON object: " + e.getMessage());
    }
  }
}
