package io.swapflush.processor.parse;

import static io.swapflush.processor.parse.JsonFields.base58;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;

/**
 * Reads the transfers a transaction records: System {@code Transfer}, SPL Token and Token-2022
 * {@code Transfer} and {@code TransferChecked}, from raw instruction data (encoding {@code json})
 * or from what {@code jsonParsed} decoded. Every other instruction is not a transfer.
 */
final class Transfers {

  static final String SYSTEM_PROGRAM = "11111111111111111111111111111111";
  static final String TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
  static final String TOKEN_2022_PROGRAM = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";

  private static final int SYSTEM_TRANSFER = 2;
  private static final int TOKEN_TRANSFER = 3;
  private static final int TOKEN_TRANSFER_CHECKED = 12;
  /** Base58 of the longest transfer data (System: 4-byte tag + u64) is at most this long. */
  static final int MAX_DATA_CHARS = 17;

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
    String text = instruction.data();
    if (text == null || text.length() > MAX_DATA_CHARS) {
      return null;
    }
    byte[] data = Base58.decode(text);
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
    return new Transfer(from, instruction.account(1), from, littleEndian(data, 4, 8), Mints.SOL, true);
  }

  private static Transfer rawToken(Instruction instruction, byte[] data) {
    if (data.length == 9 && data[0] == TOKEN_TRANSFER) {
      requireAccounts(instruction, 3);
      return new Transfer(instruction.account(0), instruction.account(1), instruction.account(2),
          littleEndian(data, 1, 8), null, false);
    }
    if (data.length == 10 && data[0] == TOKEN_TRANSFER_CHECKED) {
      requireAccounts(instruction, 4);
      return new Transfer(instruction.account(0), instruction.account(2), instruction.account(3),
          littleEndian(data, 1, 8), instruction.account(1), false);
    }
    return null;
  }

  private static Transfer parsedSystem(Instruction instruction) {
    JsonObject info = info(instruction, "transfer");
    if (info == null) {
      return null;
    }
    String at = instruction.path() + ".parsed.info";
    String from = base58(info.getValue("source"), at + ".source", 32);
    return new Transfer(from, base58(info.getValue("destination"), at + ".destination", 32), from,
        BigInteger.valueOf(JsonFields.unsignedLong(info.getValue("lamports"), at + ".lamports")), Mints.SOL, true);
  }

  private static Transfer parsedToken(Instruction instruction) {
    JsonObject info = info(instruction, "transfer");
    boolean checked = false;
    if (info == null) {
      info = info(instruction, "transferChecked");
      checked = true;
    }
    if (info == null) {
      return null;
    }
    String at = instruction.path() + ".parsed.info";
    Object authority = info.containsKey("authority") ? info.getValue("authority") : info.getValue("multisigAuthority");
    BigInteger amount = checked
        ? JsonFields.u64String(JsonFields.object(info, "tokenAmount", at).getValue("amount"), at + ".tokenAmount.amount")
        : JsonFields.u64String(info.getValue("amount"), at + ".amount");
    return new Transfer(base58(info.getValue("source"), at + ".source", 32),
        base58(info.getValue("destination"), at + ".destination", 32), base58(authority, at + ".authority", 32),
        amount, checked ? base58(info.getValue("mint"), at + ".mint", 32) : null, false);
  }

  private static JsonObject info(Instruction instruction, String type) {
    if (!type.equals(instruction.parsed().getValue("type"))) {
      return null;
    }
    Object info = instruction.parsed().getValue("info");
    if (!(info instanceof JsonObject object)) {
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
