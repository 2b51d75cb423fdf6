package io.swapflush.testsupport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns an instruction a node decoded for {@code jsonParsed} ({@code {program, parsed: {type,
 * info}}}) back into what the chain holds: its accounts in the program's order and its data bytes.
 * The protobuf stream carries only the raw form, so the {@code jsonParsed} fixtures need this to be
 * streamed at all. It knows the instructions the fixtures hold (System, SPL Token, Stake and the
 * associated-token program); any other is an error that names it.
 */
final class ParsedInstructions {

  /** What the chain holds of an instruction: its accounts (base58, in order) and its data. */
  record Raw(List<String> accounts, byte[] data) {
  }

  private static final List<String> ASSOCIATED_ACCOUNTS = List.of("source", "account", "wallet", "mint",
      "systemProgram", "tokenProgram");

  /** System and Stake name instructions by a little-endian u32, SPL Token by a byte. */
  private static final Map<String, Function<JsonObject, Raw>> ENCODERS = Map.ofEntries(
      Map.entry("system/transfer", info -> raw(info, List.of("source", "destination"),
          system(2).u64(info.getValue("lamports")))),
      Map.entry("system/createAccount", info -> raw(info, List.of("source", "newAccount"),
          system(0).u64(info.getValue("lamports")).u64(info.getValue("space")).key(info.getString("owner")))),
      Map.entry("system/assign", info -> raw(info, List.of("account"), system(1).key(info.getString("owner")))),
      Map.entry("system/allocate", info -> raw(info, List.of("account"), system(8).u64(info.getValue("space")))),
      Map.entry("system/allocateWithSeed", info -> raw(info, List.of("account", "base"),
          system(9).key(info.getString("base")).string(info.getString("seed")).u64(info.getValue("space"))
              .key(info.getString("owner")))),
      Map.entry("spl-token/transfer", info -> token(info, List.of("source", "destination"), "authority",
          tag(3).u64(info.getValue("amount")))),
      Map.entry("spl-token/transferChecked", info -> token(info, List.of("source", "mint", "destination"), "authority",
          tag(12).u64(info.getJsonObject("tokenAmount").getValue("amount"))
              .u8(info.getJsonObject("tokenAmount").getInteger("decimals")))),
      Map.entry("spl-token/mintTo", info -> token(info, List.of("mint", "account"), "mintAuthority",
          tag(7).u64(info.getValue("amount")))),
      Map.entry("spl-token/burn", info -> token(info, List.of("account", "mint"), "authority",
          tag(8).u64(info.getValue("amount")))),
      Map.entry("spl-token/closeAccount", info -> token(info, List.of("account", "destination"), "owner", tag(9))),
      Map.entry("spl-token/syncNative", info -> raw(info, List.of("account"), tag(17))),
      Map.entry("spl-token/initializeAccount3", info -> raw(info, List.of("account", "mint"),
          tag(18).key(info.getString("owner")))),
      Map.entry("spl-token/getAccountDataSize", info -> raw(info, List.of("mint"),
          extensionTypes(tag(21), info.getJsonArray("extensionTypes", new JsonArray())))),
      Map.entry("spl-token/initializeImmutableOwner", info -> raw(info, List.of("account"), tag(22))),
      Map.entry("spl-associated-token-account/create", info -> raw(info, ASSOCIATED_ACCOUNTS, tag(0))),
      Map.entry("spl-associated-token-account/createIdempotent", info -> raw(info, ASSOCIATED_ACCOUNTS, tag(1))),
      Map.entry("stake/split", info -> raw(info, List.of("stakeAccount", "newSplitAccount", "stakeAuthority"),
          system(3).u64(info.getValue("lamports")))),
      Map.entry("stake/authorize", info -> raw(info, List.of("stakeAccount", "clockSysvar", "authority", "custodian"),
          system(1).key(info.getString("newAuthority")).u32(stakeAuthority(info.getString("authorityType"))))));

  /** SPL Token 2022's extension types by the names its parser gives (those a new token account asks room for). */
  private static final Map<String, Integer> EXTENSION_TYPES = Map.of("immutableOwner", 7, "transferFeeAmount", 2,
      "memoTransfer", 8, "cpiGuard", 11, "nonTransferableAccount", 13, "transferHookAccount", 15);

  private ParsedInstructions() {
  }

  /** The raw form of a {@code jsonParsed} instruction ({@code program}, {@code parsed.type}, {@code parsed.info}). */
  static Raw raw(JsonObject instruction) {
    JsonObject parsed = instruction.getJsonObject("parsed");
    String name = instruction.getString("program") + "/" + parsed.getString("type");
    Function<JsonObject, Raw> encoder = ENCODERS.get(name);
    if (encoder == null) {
      throw new IllegalArgumentException("cannot turn the parsed instruction " + name + " back into data");
    }
    return encoder.apply(parsed.getJsonObject("info"));
  }

  /** The accounts named, in order, those absent left out (optional trailing accounts such as a custodian). */
  private static Raw raw(JsonObject info, List<String> names, Bytes data) {
    List<String> accounts = new ArrayList<>();
    names.stream().filter(info::containsKey).forEach(name -> accounts.add(info.getString(name)));
    return new Raw(accounts, data.toArray());
  }

  /** An SPL Token instruction whose signer is {@code authority}, or a multisig account followed by its signers. */
  private static Raw token(JsonObject info, List<String> names, String authority, Bytes data) {
    String multisig = "multisig" + Character.toUpperCase(authority.charAt(0)) + authority.substring(1);
    List<String> all = new ArrayList<>(names);
    all.add(info.containsKey(multisig) ? multisig : authority);
    Raw raw = raw(info, all, data);
    info.getJsonArray("signers", new JsonArray()).forEach(signer -> raw.accounts().add((String) signer));
    return raw;
  }

  private static Bytes extensionTypes(Bytes data, JsonArray names) {
    for (Object name : names) {
      Integer type = EXTENSION_TYPES.get((String) name);
      if (type == null) {
        throw new IllegalArgumentException("unknown token extension type " + name);
      }
      data.u16(type);
    }
    return data;
  }

  private static int stakeAuthority(String type) {
    return switch (type) {
      case "Staker" -> 0;
      case "Withdrawer" -> 1;
      default -> throw new IllegalArgumentException("unknown stake authority type " + type);
    };
  }

  private static Bytes system(int instruction) {
    return new Bytes().u32(instruction);
  }

  private static Bytes tag(int instruction) {
    return new Bytes().u8(instruction);
  }

  /** Instruction data as the programs lay it out: little-endian integers, raw keys, length-prefixed strings. */
  private static final class Bytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Bytes u8(int value) {
      out.write(value);
      return this;
    }

    Bytes u16(int value) {
      return littleEndian(value, 2);
    }

    Bytes u32(long value) {
      return littleEndian(value, 4);
    }

    /** A u64 given as a JSON number or, for token amounts, a decimal string. */
    Bytes u64(Object value) {
      return littleEndian(Long.parseUnsignedLong(String.valueOf(value)), 8);
    }

    Bytes key(String base58) {
      out.writeBytes(Base58.decode(base58));
      return this;
    }

    /** Bincode's string: a u64 length, then UTF-8. */
    Bytes string(String text) {
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      littleEndian(utf8.length, 8);
      out.writeBytes(utf8);
      return this;
    }

    private Bytes littleEndian(long value, int bytes) {
      for (int i = 0; i < bytes; i++) {
        out.write((int) (value >>> (8 * i)));
      }
      return this;
    }

    byte[] toArray() {
      return out.toByteArray();
    }
  }
}
