package io.swapflush.parse;

import static io.swapflush.parse.JsonFields.array;
import static io.swapflush.parse.JsonFields.base58;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The transaction's account keys in index order: the static keys, then (v0, encoding json or
 * binary) the loaded writable and readonly addresses. In jsonParsed the keys are objects and already
 * complete.
 */
final class AccountKeys {

  private final List<String> keys;
  private final Set<String> signers;
  private final Map<String, Integer> indexOf = new HashMap<>();

  private AccountKeys(List<String> keys, Set<String> signers) {
    this.keys = keys;
    this.signers = signers;
    for (int i = keys.size() - 1; i >= 0; i--) {
      indexOf.put(keys.get(i), i);
    }
  }

  static AccountKeys of(Map<?, ?> message, Map<?, ?> meta) {
    List<?> accountKeys = array(message, "accountKeys", "message");
    List<String> keys = new ArrayList<>(accountKeys.size());
    Set<String> signers = new LinkedHashSet<>();
    boolean parsedEncoding = !accountKeys.isEmpty() && accountKeys.get(0) instanceof Map;
    for (int i = 0; i < accountKeys.size(); i++) {
      String path = "message.accountKeys[" + i + "]";
      Object entry = accountKeys.get(i);
      if (parsedEncoding) {
        if (!(entry instanceof Map<?, ?> key)) {
          throw new InvalidTransactionException("wrong-type", path + " must be an object like the keys before it");
        }
        keys.add(base58(key.get("pubkey"), path + ".pubkey", 32));
        if (Boolean.TRUE.equals(key.get("signer"))) {
          signers.add(keys.get(i));
        }
      } else {
        keys.add(base58(entry, path, 32));
      }
    }
    if (!parsedEncoding) {
      Map<?, ?> header = JsonFields.object(message, "header", "message");
      int required = JsonFields.index(header.get("numRequiredSignatures"), "message.header.numRequiredSignatures",
          keys.size() + 1);
      signers.addAll(keys.subList(0, required));
      Object loaded = meta.get("loadedAddresses");
      if (loaded != null) {
        if (!(loaded instanceof Map<?, ?> addresses)) {
          throw new InvalidTransactionException("wrong-type", "meta.loadedAddresses must be an object");
        }
        for (String part : List.of("writable", "readonly")) {
          List<?> list = JsonFields.optionalArray(addresses, part, "meta.loadedAddresses");
          for (int i = 0; i < list.size(); i++) {
            keys.add(base58(list.get(i), "meta.loadedAddresses." + part + "[" + i + "]", 32));
          }
        }
      }
    }
    if (keys.isEmpty()) {
      throw new InvalidTransactionException("missing-field", "message.accountKeys is empty");
    }
    return new AccountKeys(keys, signers);
  }

  /** Keys already in index order, the first {@code signerCount} of them the signers. */
  static AccountKeys of(List<String> keys, int signerCount) {
    if (keys.isEmpty()) {
      throw new InvalidTransactionException("missing-field", "message.accountKeys is empty");
    }
    return new AccountKeys(keys, new LinkedHashSet<>(keys.subList(0, signerCount)));
  }

  int size() {
    return keys.size();
  }

  String get(int index) {
    return keys.get(index);
  }

  /** The index of a key, or -1 when the transaction does not list it. */
  int indexOf(String key) {
    return indexOf.getOrDefault(key, -1);
  }

  Set<String> signers() {
    return signers;
  }
}
