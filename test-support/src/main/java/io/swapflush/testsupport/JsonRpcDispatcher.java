package io.swapflush.testsupport;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * JSON-RPC 2.0 over one HTTP body: a single call or a batch in, the matching response or array
 * out (notifications, calls without an id, get no response); each call meets its pending fault.
 */
final class JsonRpcDispatcher {

  private static final Buffer WRONG_SHAPE = Buffer.buffer("\"unexpected\"");

  private final RpcMethods methods;
  private final FaultQueue faults;
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
  private final Map<String, Object> lastParams = new ConcurrentHashMap<>();

  JsonRpcDispatcher(RpcMethods methods, FaultQueue faults) {
    this.methods = methods;
    this.faults = faults;
  }

  /** An HTTP body to send, and the fault that decides how (null: as it is). */
  record Answer(Buffer body, RpcFault fault) {
  }

  Answer answer(Buffer body) {
    Object request;
    try {
      request = Json.decodeValue(body);
    } catch (DecodeException e) {
      return new Answer(response(null, RpcError.parseError()), null);
    }
    RpcFault[] httpFault = new RpcFault[1];
    if (!(request instanceof JsonArray batch)) {
      Buffer single = answerCall(request, httpFault);
      return new Answer(single == null ? Buffer.buffer() : single, httpFault[0]);
    }
    if (batch.isEmpty()) {
      return new Answer(response(null, RpcError.invalidRequest()), null);
    }
    Buffer out = Buffer.buffer().appendByte((byte) '[');
    boolean first = true;
    for (Object element : batch) {
      Buffer reply = answerCall(element, httpFault);
      if (reply != null) {
        out.appendString(first ? "" : ",").appendBuffer(reply);
        first = false;
      }
    }
    return new Answer(first ? Buffer.buffer() : out.appendByte((byte) ']'), httpFault[0]);
  }

  long calls(String method) {
    LongAdder count = calls.get(method);
    return count == null ? 0 : count.sum();
  }

  Object lastParams(String method) {
    return lastParams.get(method);
  }

  /** One call's response, or null for a notification; an HTTP-level fault it meets goes to {@code httpFault}. */
  private Buffer answerCall(Object element, RpcFault[] httpFault) {
    if (!(element instanceof JsonObject call) || !"2.0".equals(call.getValue("jsonrpc"))
        || !(call.getValue("method") instanceof String method) || !validId(call.getValue("id"))) {
      return response(null, RpcError.invalidRequest());
    }
    Object id = call.getValue("id");
    Object params = call.getValue("params");
    String variant = RpcMethods.variant(method, params);
    calls.computeIfAbsent(method, m -> new LongAdder()).increment();
    if (variant != null) {
      calls.computeIfAbsent(variant, m -> new LongAdder()).increment();
    }
    if (params != null) {
      lastParams.put(method, params);
    }
    RpcFault fault = faults.take(variant, method);
    Buffer reply;
    if (fault != null && fault.kind == RpcFault.Kind.ERROR) {
      reply = response(id, fault.error);
    } else if (fault != null && fault.kind == RpcFault.Kind.WRONG_RESULT_SHAPE) {
      reply = response(id, WRONG_SHAPE);
    } else {
      if (fault != null && httpFault[0] == null) {
        httpFault[0] = fault;
      }
      reply = result(id, method, params);
    }
    return call.containsKey("id") ? reply : null;
  }

  private Buffer result(Object id, String method, Object params) {
    try {
      return response(id, methods.call(method, params));
    } catch (RpcFailure failure) {
      return response(id, failure.error);
    } catch (ClassCastException e) {
      // a config member of the wrong type, e.g. "rewards": "no"
      return response(id, RpcError.invalidParams("invalid type: " + e.getMessage()));
    }
  }

  private static boolean validId(Object id) {
    return id == null || id instanceof String || id instanceof Number;
  }

  private static Buffer response(Object id, Buffer result) {
    return Buffer.buffer(result.length() + 64).appendString("{\"jsonrpc\":\"2.0\",\"result\":").appendBuffer(result)
        .appendString(",\"id\":" + Json.encode(id) + "}");
  }

  private static Buffer response(Object id, RpcError error) {
    return new JsonObject().put("jsonrpc", "2.0").put("error", error.toJson()).put("id", id).toBuffer();
  }
}
