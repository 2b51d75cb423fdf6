package io.swapflush.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.swapflush.testsupport.SolanaRpcServer;
import io.swapflush.testsupport.WebhookReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The status page in a real browser: the jar runs the synthetic source with a trigger rule, headless
 * Chromium opens {@code /}, and once the plots show data, what the page shows is checked against
 * what {@code /api/status} reports; it leaves its screenshot at {@code target/status-page.png}. Then
 * a chain read over JSON-RPC, secrets in its settings: its source's row, and the page still drawing
 * while the database is out of reach from the start.
 */
class StatusPageIT extends ProxiedDatabaseIT {

  /** Samples on the plots before they are checked: lines with a shape, in the screenshot too. */
  private static final int SAMPLES = 5;
  private static final String STATE = """
      JSON.stringify({
        transactions: document.getElementById('value-transactions').textContent,
        written: document.getElementById('value-written').textContent,
        flush: document.getElementById('value-flush').textContent,
        capacity: document.getElementById('second-queue').textContent,
        summary: document.getElementById('summary').textContent,
        alerts: document.getElementById('alerts').textContent,
        delivery: Array.from(document.getElementById('deliveries').rows[1].cells).map(c => c.textContent),
        config: document.getElementById('config').textContent,
        points: document.getElementById('line0-written').getAttribute('points') || '',
        samples: samples.length,
        latest: samples[samples.length - 1],
        previous: samples[samples.length - 2] || null
      })""";

  /** Quantiles of a histogram that gained 10 events up to 2 ms, 10 up to 4 ms and 5 past its top. */
  private static final String QUANTILES = """
      JSON.stringify([0.5, 0.75, 0.99].map(q => quantile(
        {buckets: [[0.001, 3], [0.002, 13], [0.004, 23]], count: 28},
        {buckets: [[0.001, 3], [0.002, 3], [0.004, 3]], count: 3}, q)).map(ms => Math.round(ms * 1000) / 1000))""";
  private static final String SECRET = "SECRET-4f2a";
  private static final String SOURCE_ROW = """
      JSON.stringify(Array.from(document.getElementById('sources').rows[1].cells).map(c => c.textContent))""";

  private static final long FIRST_SLOT = 300_000_000;
  private static final int CHAIN_SLOTS = 40;

  @RegisterExtension
  final SolanaRpcServer server = SolanaRpcServer.start();

  @Test
  void thePageDrawsThePipelineAsApiStatusReportsIt() throws Exception {
    Path chromium = browser();
    String secret = WebhookReceiver.newSecret();
    try (WebhookReceiver receiver = WebhookReceiver.start(secret)) {
      pageWithAlertsDelivered(chromium, secret, receiver);
    }
  }

  private void pageWithAlertsDelivered(Path chromium, String secret, WebhookReceiver receiver) throws Exception {
    int port = ServiceProcess.freePort();
    JsonObject processor = new JsonObject()
        .put("source", new JsonObject().put("type", "synthetic").put("ratePerSecond", 400))
        .put("triggers", new JsonArray().add(new JsonObject().put("name", "busy").put("metric", "trades").put("above", 5)))
        .put("alerts", new JsonObject().put("destinations", new JsonArray().add(new JsonObject().put("name", "hook")
            .put("type", "webhook").put("url", receiver.url("/hook")).put("secret", secret))));
    Path config = write("config.json", config(port, new JsonObject(), processor));
    try (ServiceProcess service = ServiceProcess.start(config, port);
         HeadlessChromium browser = openWhenServing(service, chromium, port)) {
      // data on the plots, a few samples long, the trigger's alerts listed as they stream in, and delivered
      AtomicReference<JsonObject> drawn = new AtomicReference<>();
      service.awaitAsserted(Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
        JsonObject state = new JsonObject((String) browser.evaluate(STATE));
        drawn.set(state);
        assertTrue(state.getInteger("samples") >= SAMPLES && number(state.getString("transactions")) > 0
            && number(state.getString("written")) > 0 && state.getString("alerts").startsWith("busy")
            && number(state.getJsonArray("delivery").getString(2)) > 0, state::encodePrettily);
      });
      JsonObject shown = drawn.get();
      JsonObject status = new JsonObject(service.get("/api/status"));

      JsonObject latest = shown.getJsonObject("latest");
      JsonObject previous = shown.getJsonObject("previous");
      double seconds = (latest.getLong("time") - previous.getLong("time")) / 1000.0;
      double txRate = (counter(latest, "transactions") - counter(previous, "transactions")) / seconds;
      assertEquals(txRate, number(shown.getString("transactions")), Math.max(0.05, txRate * 0.01), shown::encodePrettily);
      double writtenRate = (counter(latest, "eventsWritten") - counter(previous, "eventsWritten")) / seconds;
      assertEquals(writtenRate, number(shown.getString("written")), Math.max(0.05, writtenRate * 0.01));
      // a rate needs two samples: the first is left off its plot
      assertEquals(shown.getInteger("samples") - 1, shown.getString("points").split(" ").length, shown::encodePrettily);

      // what the page drew is what the service reported, a moment before the test asked
      assertTrue(latest.getLong("time") <= status.getLong("time"));
      assertTrue(counter(latest, "transactions") > 0
          && counter(latest, "transactions") <= counter(status, "transactions"), status::encodePrettily);
      assertEquals(status.getJsonObject("config"), new JsonObject(shown.getString("config")));
      assertEquals("capacity 40,000", shown.getString("capacity"));
      assertEquals(40_000, status.getJsonObject("gauges").getDouble("queueCapacity"));
      assertTrue(shown.getString("summary").startsWith("processor running"), shown.getString("summary"));
      assertEquals("running", status.getJsonObject("processor").getString("state"));
      // the destination's row: named by scheme and host only, what it took as /api/status says a moment later
      JsonArray row = shown.getJsonArray("delivery");
      JsonObject hook = status.getJsonArray("deliveries").getJsonObject(0);
      assertEquals(List.of("hook", hook.getString("target")), row.getList().subList(0, 2), row::encode);
      assertEquals("webhook " + receiver.url("/hook"), hook.getString("target") + "/hook", hook::encode);
      assertTrue(number(row.getString(2)) > 0 && number(row.getString(2)) <= hook.getDouble("delivered"), hook::encode);
      assertTrue(receiver.unique().size() >= number(row.getString(2)), "the receiver got what the page counts");
      assertTrue(status.getJsonObject("config").getString("source").startsWith("SyntheticSettings[ratePerSecond=400"));
      // quantiles as Prometheus takes them: interpolated in the bucket; past the top, the top
      assertEquals(new JsonArray().add(2.5).add(3.75).add(4), new JsonArray((String) browser.evaluate(QUANTILES)));
      Double flushP50 = latest.getDouble("flushP50");
      assertEquals(flushP50 == null ? "–" : format(flushP50), shown.getString("flush"), shown::encodePrettily);

      byte[] png = browser.screenshot();
      assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG of the page");
      Files.write(Path.of("target", "status-page.png"), png);
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
  }

  @Test
  void aChainSourceIsListedWithItsPositionAndHowFarBehindItIsAndNoSecret() throws Exception {
    Path chromium = browser();
    int blocks = TestChain.serve(server, FIRST_SLOT, CHAIN_SLOTS).size();
    int port = ServiceProcess.freePort();
    try (ServiceProcess service = ServiceProcess.start(chainConfig(port), port);
         HeadlessChromium browser = openWhenServing(service, chromium, port)) {
      AtomicReference<List<Object>> row = new AtomicReference<>();
      service.awaitAsserted(Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
        JsonArray cells = new JsonArray((String) browser.evaluate(SOURCE_ROW));
        row.set(cells.getList());
        // the whole chain read and durable
        assertEquals(List.of(format(blocks), format(blocks), "0"), cells.getList().subList(1, 4), cells::encode);
      });
      String body = service.get("/api/status");
      JsonObject status = new JsonObject(body);
      assertEquals(1, status.getJsonArray("sources").size(), body);
      JsonObject listed = status.getJsonArray("sources").getJsonObject(0);
      assertEquals("solana", row.get().get(0));
      assertEquals(List.of("solana", (double) blocks, (double) blocks),
          List.of(listed.getString("source"), listed.getDouble("position"), listed.getDouble("durable")), body);
      assertEquals(format(listed.getDouble("lagSlots")), row.get().get(4), body);
      assertEquals("alone", row.get().get(7));
      // the source learns what is durable about a second after the flusher has it
      service.awaitAsserted(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
        String backfill = (String) browser.evaluate("document.getElementById('backfill').textContent");
        assertTrue(backfill.startsWith("backfill 50 % done, "), backfill);
        assertEquals(0.5, new JsonObject(service.get("/api/status")).getJsonArray("sources").getJsonObject(0)
            .getDouble("backfillDone"));
      });
      assertTrue(status.getJsonObject("config").getString("source").startsWith("RpcSettings[" + server.url() + ","), body);
      // no password, no key in the URL, no header value: neither in the report nor on the page
      String page = (String) browser.evaluate("document.documentElement.outerHTML");
      assertTrue(!body.contains(SECRET) && !page.contains(SECRET), body);
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
  }

  @Test
  void thePageDrawsWhileTheDatabaseIsOutOfReachFromTheStart() throws Exception {
    Path chromium = browser();
    int blocks = TestChain.serve(server, FIRST_SLOT, 20).size();
    int port = ServiceProcess.freePort();
    proxy.cut();
    try (ServiceProcess service = ServiceProcess.start(chainConfig(port), port)) {
      // not ready without its database, but answering
      service.awaitAsserted(Duration.ofSeconds(60), () -> assertTrue(service.get("/api/status") != null));
      try (HeadlessChromium browser = open(chromium, port)) {
        service.awaitAsserted(Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
          JsonObject state = new JsonObject((String) browser.evaluate(STATE));
          assertTrue(state.getInteger("samples") >= 2 && state.getString("summary").startsWith("processor "),
              state::encodePrettily);
          // nothing durable yet: not known, drawn as such
          assertEquals("–", new JsonArray((String) browser.evaluate(SOURCE_ROW)).getString(2));
        });
        proxy.restore();
        service.awaitAsserted(Duration.ofSeconds(60), Duration.ofMillis(500), () -> assertEquals(format(blocks),
            new JsonArray((String) browser.evaluate(SOURCE_ROW)).getString(2)));
      }
      assertEquals(0, service.terminate(Duration.ofSeconds(60)), service::output);
    }
  }

  /** The rpc source on the test chain, with a password, a key in the URL and a key header: secrets to hide. */
  private Path chainConfig(int port) throws IOException {
    JsonObject source = new JsonObject().put("type", "rpc").put("url", server.url() + "/?api-key=" + SECRET)
        .put("headers", new JsonObject().put("x-api-key", SECRET)).put("startSlot", FIRST_SLOT).put("pollIntervalMs", 50)
        // a backfill whose range the served chain covers half of: it waits halfway
        .put("endSlot", FIRST_SLOT + 2 * CHAIN_SLOTS - 1);
    JsonObject config = config(port, new JsonObject(), new JsonObject().put("source", source));
    config.getJsonObject("pg").put("password", SECRET);
    return write("config.json", config);
  }

  /** Chromium to drive; without one the test is skipped, saying so, unless .ci/run said it installed one. */
  private static Path browser() {
    Optional<Path> chromium = HeadlessChromium.executable();
    if (chromium.isEmpty() && System.getenv(HeadlessChromium.CHROMIUM_VARIABLE) != null) {
      fail(HeadlessChromium.CHROMIUM_VARIABLE + "=" + System.getenv(HeadlessChromium.CHROMIUM_VARIABLE)
          + " is not an executable Chromium");
    }
    assumeTrue(chromium.isPresent(), "no Chromium at /usr/bin/chromium (Debian's chromium package; .ci/run installs it)");
    return chromium.get();
  }

  private HeadlessChromium openWhenServing(ServiceProcess service, Path chromium, int port) throws Exception {
    service.awaitHealthy(Duration.ofSeconds(60));
    return open(chromium, port);
  }

  private HeadlessChromium open(Path chromium, int port) throws Exception {
    Path profile = Files.createDirectory(dir.resolve("chromium-profile"));
    return HeadlessChromium.open(chromium, "http://127.0.0.1:" + port + "/", profile, 1280, 1500);
  }

  private static double counter(JsonObject report, String name) {
    return report.getJsonObject("counters").getDouble(name);
  }

  /** A number as the page formats it: whole numbers grouped, else one decimal from 1 on, two below. */
  private static String format(double value) {
    if (value == Math.rint(value)) {
      return String.format(Locale.ROOT, "%,d", (long) value);
    }
    double abs = Math.abs(value);
    return abs >= 100 ? String.format(Locale.ROOT, "%,d", Math.round(value))
        : String.format(Locale.ROOT, abs >= 1 ? "%.1f" : "%.2f", value);
  }

  /** A number as the page formats it ("1,234", "400.0", "0.25"); NaN for "–". */
  private static double number(String shown) {
    try {
      return Double.parseDouble(shown.replace(",", ""));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
