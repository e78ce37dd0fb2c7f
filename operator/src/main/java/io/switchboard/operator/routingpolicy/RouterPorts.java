package io.switchboard.operator.routingpolicy;

/**
 * The two ports of a router container.
 *
 * @param api the OpenAI API and the control endpoints ({@code /switchboard/*}, behind the control
 *     token): what the gateway Service exposes
 * @param management health and Prometheus metrics, which answer without credentials: reached by pod
 *     address only (kubelet probes, the operator's reads), never through the gateway Service
 */
public record RouterPorts(int api, int management) {

  public RouterPorts {
    if (api == management) {
      throw new IllegalArgumentException(
          "router API and management ports must differ, both are " + api);
    }
  }
}
