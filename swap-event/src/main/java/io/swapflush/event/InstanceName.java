package io.swapflush.event;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * The name of this process among the instances sharing a database: what owns the alerts it fires
 * until it dies. Host and pid say where it ran; the random part makes a restarted process (same
 * pid in a new container) another owner.
 */
public final class InstanceName {

  private static final String NAME = host() + "/" + ProcessHandle.current().pid() + "/"
      + UUID.randomUUID().toString().substring(0, 8);

  private InstanceName() {
  }

  public static String ofThisProcess() {
    return NAME;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
