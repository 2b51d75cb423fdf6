package io.swapflush.launcher.config;

/** Where the HTTP endpoints listen. */
public record HttpSettings(String host, int port) {
}
