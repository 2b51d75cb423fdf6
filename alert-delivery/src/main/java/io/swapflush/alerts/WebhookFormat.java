package io.swapflush.alerts;

import io.vertx.core.json.JsonObject;

/**
 * The body a webhook gets: the Standard Webhooks payload, or a line of text in the shape a chat
 * service's incoming webhook takes (Slack {@code text}, Discord {@code content}, Telegram's
 * {@code sendMessage} with its {@code chat_id}). The signature headers go with every format.
 */
public enum WebhookFormat {
  STANDARD, SLACK, DISCORD, TELEGRAM;

  public static WebhookFormat ofLabel(String label) {
    return valueOf(label.toUpperCase(java.util.Locale.ROOT));
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  String body(AlertMessage message, String chatId) {
    return switch (this) {
      case STANDARD -> message.body();
      case SLACK -> new JsonObject().put("text", text(message)).encode();
      case DISCORD -> new JsonObject().put("content", text(message)).encode();
      case TELEGRAM -> new JsonObject().put("chat_id", chatId).put("text", text(message)).encode();
    };
  }

  /** One line a person reads: what fired, on which mint, by how much, and the transaction. */
  static String text(AlertMessage message) {
    JsonObject data = new JsonObject(message.body()).getJsonObject("data");
    String what = data.getString("rule") + ": " + data.getString("mint");
    if (message.kind() == AlertMessage.Kind.RETRACTED) {
      return "Withdrawn (fork) " + what + " (tx " + data.getString("signature") + ")";
    }
    return what + " " + data.getString("metric") + " " + data.getString("window") + " = " + data.getValue("value")
        + " > " + data.getValue("threshold") + " (tx " + data.getString("signature") + ")";
  }
}
