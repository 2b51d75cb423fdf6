package io.swapflush.parse;

import static io.swapflush.parse.JsonFields.base58;

import io.swapflush.parse.Transfer.Kind;
import java.math.BigInteger;
import java.util.Map;

/**
 * Reads the transfers a transaction records: System {@code Transfer}, SPL Token and Token-2022
 * {@code Transfer}, {@code TransferChecked}, {@code MintTo(Checked)} and {@code Burn(Checked)}, from
 * raw instruction data (encoding {@code json}) or from what {@code jsonParsed} decoded. Every other
 * instruction is not a transfer.
 */
final class Transfers {

  static final String SYSTEM_PROGRAM = "11111111111111111111111111111111";
  static final String TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
  static final String TOKEN_2022_PROGRAM = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";

  private static final int SYSTEM_TRANSFER = 2;
  private static final int TOKEN_TRANSFER = 3;
  private static final int TOKEN_MINT_TO = 7;
  private static final int TOKEN_BURN = 8;
  private static final int TOKEN_TRANSFER_CHECKED = 12;
  private static final int TOKEN_MINT_TO_CHECKED = 14;
  private static final int TOKEN_BURN_CHECKED = 15;
  /** The longest transfer data: System's 4-byte tag and u64. */
  private static final int MAX_DATA_BYTES = 12;

  private Transfers() {
  }

  /** The transfer an instruction makes, or null when it makes none. */
  static Transfer of(Instruction instruction) {
    String program = instruction.program();
    boolean system = program.equals(SYSTEM_PROGRAM);
    if (!system && !program.equals(TOKEN_PROGRAM) && !program.equals(TOKEN_2022_PROGRAM)) {
      return null;
    }
    if (instruction.parsed() != null) {
      return system ? parsedSystem(instruction) : parsedToken(instruction);
    }
    InstructionData raw = instruction.data();
    if (raw == null || raw.longerThan(MAX_DATA_BYTES)) {
      return null;
    }
    byte[] data = raw.bytes();
    if (data == null) {
      throw malformed(instruction, "data is not base58");
    }
    return system ? rawSystem(instruction, data) : rawToken(instruction, data);
  }

  private static Transfer rawSystem(Instruction instruction, byte[] data) {
    if (data.length != 12 || littleEndian(data, 0, 4).intValue() != SYSTEM_TRANSFER) {
      return null;
    }
    requireAccounts(instruction, 2);
    String from = instruction.account(0);
    return new Transfer(from, instruction.account(1), from, littleEndian(data, 4, 8), Mints.SOL, Kind.LAMPORTS);
  }

  private static Transfer rawToken(Instruction instruction, byte[] data) {
    int tag = data.length == 9 || data.length == 10 ? data[0] : -1;
    boolean checked = data.length == 10;
    switch (tag) {
      case TOKEN_TRANSFER, TOKEN_TRANSFER_CHECKED -> {
        if (checked != (tag == TOKEN_TRANSFER_CHECKED)) {
          return null;
        }
        requireAccounts(instruction, checked ? 4 : 3);
        int authority = checked ? 3 : 2;
        return new Transfer(instruction.account(0), instruction.account(checked ? 2 : 1), instruction.account(authority),
            littleEndian(data, 1, 8), checked ? instruction.account(1) : null, Kind.TOKEN);
      }
      case TOKEN_MINT_TO, TOKEN_MINT_TO_CHECKED -> {
        if (checked != (tag == TOKEN_MINT_TO_CHECKED)) {
          return null;
        }
        requireAccounts(instruction, 3);
        String mint = instruction.account(0);
        return new Transfer(mint, instruction.account(1), instruction.account(2), littleEndian(data, 1, 8), mint,
            Kind.MINT);
      }
      case TOKEN_BURN, TOKEN_BURN_CHECKED -> {
        if (checked != (tag == TOKEN_BURN_CHECKED)) {
          return null;
        }
        requireAccounts(instruction, 3);
        String mint = instruction.account(1);
        return new Transfer(instruction.account(0), mint, instruction.account(2), littleEndian(data, 1, 8), mint,
            Kind.BURN);
      }
      default -> {
        return null;
      }
    }
  }

  private static Transfer parsedSystem(Instruction instruction) {
    Map<?, ?> info = info(instruction, "transfer");
    if (info == null) {
      return null;
    }
    String at = instruction.path() + ".parsed.info";
    String from = base58(info.get("source"), at + ".source", 32);
    return new Transfer(from, base58(info.get("destination"), at + ".destination", 32), from,
        BigInteger.valueOf(JsonFields.unsignedLong(info.get("lamports"), at + ".lamports")), Mints.SOL,
        Kind.LAMPORTS);
  }

  private static Transfer parsedToken(Instruction instruction) {
    Object type = instruction.parsed().get("type");
    Kind kind = "transfer".equals(type) || "transferChecked".equals(type) ? Kind.TOKEN
        : "mintTo".equals(type) || "mintToChecked".equals(type) ? Kind.MINT
        : "burn".equals(type) || "burnChecked".equals(type) ? Kind.BURN : null;
    if (kind == null) {
      return null;
    }
    Map<?, ?> info = info(instruction, (String) type);
    boolean checked = ((String) type).endsWith("Checked");
    String at = instruction.path() + ".parsed.info";
    BigInteger amount = checked
        ? JsonFields.u64String(JsonFields.object(info, "tokenAmount", at).get("amount"), at + ".tokenAmount.amount")
        : JsonFields.u64String(info.get("amount"), at + ".amount");
    String mint = checked || kind != Kind.TOKEN ? base58(info.get("mint"), at + ".mint", 32) : null;
    return switch (kind) {
      case MINT -> new Transfer(mint, base58(info.get("account"), at + ".account", 32),
          base58(firstPresent(info, "mintAuthority", "multisigMintAuthority"), at + ".mintAuthority", 32), amount, mint,
          kind);
      case BURN -> new Transfer(base58(info.get("account"), at + ".account", 32), mint,
          base58(firstPresent(info, "authority", "multisigAuthority"), at + ".authority", 32), amount, mint, kind);
      default -> new Transfer(base58(info.get("source"), at + ".source", 32),
          base58(info.get("destination"), at + ".destination", 32),
          base58(firstPresent(info, "authority", "multisigAuthority"), at + ".authority", 32), amount, mint, kind);
    };
  }

  private static Object firstPresent(Map<?, ?> info, String key, String alternative) {
    return info.containsKey(key) ? info.get(key) : info.get(alternative);
  }

  private static Map<?, ?> info(Instruction instruction, String type) {
    if (!type.equals(instruction.parsed().get("type"))) {
      return null;
    }
    Object info = instruction.parsed().get("info");
    if (!(info instanceof Map<?, ?> object)) {
      throw malformed(instruction, "parsed." + type + " has no info object");
    }
    return object;
  }

  private static void requireAccounts(Instruction instruction, int count) {
    if (instruction.accountCount() < count) {
      throw malformed(instruction, "a transfer needs " + count + " accounts, has " + instruction.accountCount());
    }
  }

  private static BigInteger littleEndian(byte[] data, int from, int length) {
    byte[] bigEndian = new byte[length];
    for (int i = 0; i < length; i++) {
      bigEndian[i] = data[from + length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  private static InvalidTransactionException malformed(Instruction instruction, String problem) {
    return new InvalidTransactionException("malformed-instruction", instruction.path() + ": " + problem);
  }
}
