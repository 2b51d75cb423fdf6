package io.swapflush.launcher;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The status page at {@code GET /}: one HTML file of the jar, with its script and styles inline, so
 * the browser asks no other host. It polls {@code /api/status} and keeps its own history. Read once
 * at start: Vert.x's classpath file resolving is off (see {@link SwapflushApplication}).
 */
final class StatusPage implements Handler<RoutingContext> {

  private static final String RESOURCE = "/status/index.html";

  private final Buffer page;

  private StatusPage(Buffer page) {
    this.page = page;
  }

  static StatusPage fromJar() {
    try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      return new StatusPage(Buffer.buffer(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " from the jar", e);
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    // revalidated on each load, so an upgraded jar's page is the one shown
    ctx.response().putHeader("content-type", "text/html; charset=utf-8").putHeader("cache-control", "no-cache")
        .end(page);
  }
}
