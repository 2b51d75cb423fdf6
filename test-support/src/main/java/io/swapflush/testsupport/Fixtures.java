package io.swapflush.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real mainnet transactions: the shared fixtures in {@code shared/fixtures/solana} and blocks in its
 * sibling {@code solana-blocks} (third-party data read where it lies; tests that need it skip when it
 * is absent), and the sets the repository keeps: {@code fixtures/solana-venue-side} and
 * {@code fixtures/solana-instructions}.
 */
public final class Fixtures {

  private static final String VENUE_SIDE = "fixtures/solana-venue-side";
  private static final String INSTRUCTIONS = "fixtures/solana-instructions";

  private Fixtures() {
  }

  /** The fixtures folder; the test is skipped, with the reason, when it cannot be found. */
  public static Path solanaDir() {
    Path dir = locate();
    assumeTrue(dir != null, "Skipped: the shared fixtures are absent (looked for ../shared/fixtures/solana "
        + "above the working directory; or set SWAPFLUSH_FIXTURES=DIR or -Dswapflush.fixtures=DIR)");
    return dir;
  }

  /** The real getBlock results beside the transactions; the test is skipped when they are absent. */
  public static Path solanaBlocksDir() {
    Path dir = solanaDir().resolveSibling("solana-blocks");
    assumeTrue(Files.isDirectory(dir), "Skipped: the shared fixtures have no " + dir);
    return dir;
  }

  /**
   * A real transaction by file name: in the repository's {@code fixtures/solana-venue-side} (mainnet
   * swaps through front ends, with tips, and along routes), else in the shared fixtures, the test
   * being skipped when they are absent.
   */
  public static Path solanaTransaction(String fileName) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(VENUE_SIDE).resolve(fileName);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    Path shared = solanaDir().resolve(fileName);
    assumeTrue(Files.isRegularFile(shared), "Skipped: neither " + VENUE_SIDE + " nor the shared fixtures hold "
        + fileName);
    return shared;
  }

  /**
   * The repository's set of real transactions by class (liquidity, launchpads, routes with fees, RFQ,
   * bridges) with its own expected.json; always there in a checkout.
   */
  public static Path instructionsDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(INSTRUCTIONS);
      if (Files.isRegularFile(candidate.resolve("expected.json"))) {
        return candidate;
      }
    }
    throw new IllegalStateException(INSTRUCTIONS + " not found above " + Path.of("").toAbsolutePath());
  }

  /** The fixtures folder, or null when it cannot be found. */
  public static Path locate() {
    String property = System.getProperty("swapflush.fixtures", System.getenv("SWAPFLUSH_FIXTURES"));
    if (property != null) {
      return Files.isDirectory(Path.of(property)) ? Path.of(property) : null;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/fixtures/solana");
      if (Files.isRegularFile(candidate.resolve("expected.json"))) {
        return candidate;
      }
    }
    return null;
  }
}
