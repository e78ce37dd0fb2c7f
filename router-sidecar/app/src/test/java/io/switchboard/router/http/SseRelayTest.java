package io.switchboard.router.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class SseRelayTest {
  private static final String CHUNK =
      "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}],\"usage\":null}\n\n";
  private static final String USAGE =
      "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}\n\n";
  private static final String DONE = "data: [DONE]\n\n";

  private static String relayInPieces(SseRelay relay, String stream, int piece) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < stream.length(); i += piece) {
      out.append(
          relay
              .accept(Buffer.buffer(stream.substring(i, Math.min(stream.length(), i + piece))))
              .toString());
    }
    return out.append(relay.remainder().toString()).toString();
  }

  @Test
  void forwardsFramesUnchangedAcrossArbitrarySplitsAndReadsUsage() {
    for (int piece : new int[] {1, 3, 7, 1000}) {
      SseRelay relay = new SseRelay(false);
      String stream = CHUNK + CHUNK + USAGE + DONE;

      assertThat(relayInPieces(relay, stream, piece)).isEqualTo(stream);
      assertThat(relay.usage()).isEqualTo(new UpstreamUsage(5, 3));
      assertThat(relay.contentEvents()).isEqualTo(2);
    }
  }

  @Test
  void dropsTheInjectedUsageChunkButKeepsItsNumbers() {
    SseRelay relay = new SseRelay(true);

    assertThat(relayInPieces(relay, CHUNK + USAGE + DONE, 5)).isEqualTo(CHUNK + DONE);
    assertThat(relay.usage()).isEqualTo(new UpstreamUsage(5, 3));
  }

  @Test
  void forwardsNonJsonDataUntouched() {
    SseRelay relay = new SseRelay(true);
    String weird = "data: {not json \"usage\": {\n\n: comment\n\n";

    assertThat(relayInPieces(relay, weird, 4)).isEqualTo(weird);
    assertThat(relay.usage().present()).isFalse();
  }
}
