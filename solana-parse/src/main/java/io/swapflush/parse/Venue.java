package io.swapflush.parse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A known program: the venue it names, its role, and which of its instructions are swaps, told by
 * the instruction's leading bytes (its discriminator). Anchor programs are given by instruction name
 * (the discriminator is the first 8 bytes of {@code sha256("global:" + name)}); native programs by
 * their leading data bytes.
 */
final class Venue {

  enum Role { POOL, ROUTER, FRONT_END }

  /** What an instruction of this program is. */
  enum Kind { SWAP, OTHER, EVENT, UNKNOWN }

  /** Anchor's {@code emit_cpi!}: the program calls itself with this tag and an event as data. */
  private static final byte[] ANCHOR_EVENT = HexFormat.of().parseHex("e445a52e51cb9a1d");

  private final String name;
  private final Role role;
  private final List<byte[]> swaps = new ArrayList<>();
  private final List<byte[]> others = new ArrayList<>();
  private int makerAccount = -1;
  private boolean swapsWhateverTheData;

  Venue(String name, Role role) {
    this.name = name;
    this.role = role;
  }

  String name() {
    return name;
  }

  Role role() {
    return role;
  }

  /** Anchor instructions that trade. */
  Venue swaps(String... instructionNames) {
    for (String instruction : instructionNames) {
      swaps.add(anchorDiscriminator(instruction));
    }
    return this;
  }

  /** Anchor instructions that move funds without trading (liquidity, positions, set-up, migration). */
  Venue others(String... instructionNames) {
    for (String instruction : instructionNames) {
      others.add(anchorDiscriminator(instruction));
    }
    return this;
  }

  /** Native instructions that trade, by their leading data bytes in hex. */
  Venue swapData(String... hexPrefixes) {
    for (String prefix : hexPrefixes) {
      swaps.add(HexFormat.of().parseHex(prefix));
    }
    return this;
  }

  /** Native instructions that do not trade, by their leading data bytes in hex. */
  Venue otherData(String... hexPrefixes) {
    for (String prefix : hexPrefixes) {
      others.add(HexFormat.of().parseHex(prefix));
    }
    return this;
  }

  /**
   * Every instruction is a swap: for a program whose data is obfuscated and whose only instructions
   * that move a trader's funds are swaps (a prop AMM; its operator's quote updates move none).
   */
  Venue swapsWhateverTheData() {
    this.swapsWhateverTheData = true;
    return this;
  }

  /**
   * For a request-for-quote venue: the swap instruction's account that is the market maker. The
   * maker signs too, but is the liquidity, like a pool: its transfers are the venue's.
   */
  Venue maker(int accountIndex) {
    this.makerAccount = accountIndex;
    return this;
  }

  /** The maker's account index in a swap instruction, or -1 when the venue has none. */
  int makerAccount() {
    return makerAccount;
  }

  /** What an instruction of this program with this data is. */
  Kind classify(byte[] data) {
    if (startsWith(data, ANCHOR_EVENT)) {
      return Kind.EVENT;
    }
    if (swapsWhateverTheData || matchesAny(data, swaps)) {
      return Kind.SWAP;
    }
    return matchesAny(data, others) ? Kind.OTHER : Kind.UNKNOWN;
  }

  static byte[] anchorDiscriminator(String instructionName) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(("global:" + instructionName).getBytes(StandardCharsets.UTF_8));
      byte[] discriminator = new byte[8];
      System.arraycopy(hash, 0, discriminator, 0, 8);
      return discriminator;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static boolean matchesAny(byte[] data, List<byte[]> prefixes) {
    for (byte[] prefix : prefixes) {
      if (startsWith(data, prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
