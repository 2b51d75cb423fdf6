package io.swapflush.launcher.config;

/** A configuration that cannot be used; the message names the key's path and what is wrong. */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
