package io.swapflush.testsupport;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A transaction's {@code meta.err} as JSON-RPC shows it, in the form the Geyser stream carries it:
 * the runtime's {@code TransactionError} serialized with bincode (enum variants as little-endian
 * u32 indexes). Only the shapes the fixtures hold: an instruction error, with a custom code or a
 * unit variant; any other is an error that names it.
 */
final class TransactionErrorBincode {

  /** {@code TransactionError::InstructionError(u8, InstructionError)}. */
  private static final int INSTRUCTION_ERROR = 8;
  /** {@code InstructionError}'s unit variants before {@code Custom(u32)}, in declaration order. */
  private static final List<String> INSTRUCTION_ERRORS = List.of("GenericError", "InvalidArgument",
      "InvalidInstructionData", "InvalidAccountData", "AccountDataTooSmall", "InsufficientFunds", "IncorrectProgramId",
      "MissingRequiredSignature", "AccountAlreadyInitialized", "UninitializedAccount", "UnbalancedInstruction",
      "ModifiedProgramId", "ExternalAccountLamportSpend", "ExternalAccountDataModified", "ReadonlyLamportChange",
      "ReadonlyDataModified", "DuplicateAccountIndex", "ExecutableModified", "RentEpochModified",
      "NotEnoughAccountKeys", "AccountDataSizeChanged", "AccountNotExecutable", "AccountBorrowFailed",
      "AccountBorrowOutstanding", "DuplicateAccountOutOfSync");
  private static final int CUSTOM = INSTRUCTION_ERRORS.size();

  private TransactionErrorBincode() {
  }

  static byte[] encode(Object err) {
    if (!(err instanceof JsonObject object) || !object.containsKey("InstructionError")) {
      throw new IllegalArgumentException("cannot encode the transaction error " + err);
    }
    JsonArray instructionError = object.getJsonArray("InstructionError");
    Object detail = instructionError.getValue(1);
    ByteBuffer out = ByteBuffer.allocate(4 + 1 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(INSTRUCTION_ERROR).put(instructionError.getInteger(0).byteValue());
    if (detail instanceof JsonObject custom && custom.containsKey("Custom")) {
      out.putInt(CUSTOM).putInt(custom.getLong("Custom").intValue());
    } else if (INSTRUCTION_ERRORS.contains(detail)) {
      out.putInt(INSTRUCTION_ERRORS.indexOf(detail));
    } else {
      throw new IllegalArgumentException("cannot encode the instruction error " + detail);
    }
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return bytes;
  }
}
