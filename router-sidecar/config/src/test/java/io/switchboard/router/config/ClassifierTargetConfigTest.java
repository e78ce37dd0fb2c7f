package io.switchboard.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClassifierTargetConfigTest {
  private final RouterConfigCodec codec = new RouterConfigCodec();

  private RouterConfig parse(String classifier) throws InvalidRouterConfigException {
    return codec.parse(
        """
        {"apiVersion":"switchboard.io/router-config/v1",
         "policy":{"name":"p","virtualModel":"auto","mode":"classifier",
                   "params":{"classifier":%s}},
         "experts":[{"name":"a","model":"m","endpoint":"http://127.0.0.1:8000"},
                    {"name":"b","model":"m","endpoint":"http://127.0.0.1:8001"}]}"""
            .formatted(classifier));
  }

  @Test
  void aTargetReplacesTheThreshold() throws Exception {
    ClassifierParams relative =
        parse(
                "{\"modelFile\":\"m.json\",\"targetQuality\":{\"fraction\":0.95,\"referenceExpert\":\"b\"}}")
            .policy()
            .params()
            .classifier();
    assertThat(relative.threshold()).isNull();
    assertThat(relative.targetQuality())
        .isEqualTo(ClassifierParams.TargetQuality.ofReference(0.95, "b"));
    assertThat(relative.targetQuality().relative()).isTrue();
    ClassifierParams absolute =
        parse("{\"modelFile\":\"m.json\",\"targetQuality\":{\"score\":0.8}}")
            .policy()
            .params()
            .classifier();
    assertThat(absolute.targetQuality().relative()).isFalse();
    assertThat(parse("{\"modelFile\":\"m.json\"}").policy().params().classifier().threshold())
        .isEqualTo(0.5);
  }

  @Test
  void everyMalformedTargetIsRefusedWithItsPath() {
    String at = "policy.params.classifier";
    assertThatThrownBy(
            () ->
                parse(
                    "{\"modelFile\":\"m.json\",\"threshold\":0.3,\"targetQuality\":{\"score\":0.8}}"))
        .hasMessageContaining(at + ": set threshold or targetQuality, not both");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"modelFile\":\"m.json\",\"targetQuality\":{\"fraction\":0.9,\"referenceExpert\":\"a\",\"score\":0.8}}"))
        .hasMessageContaining(
            at + ".targetQuality: set either fraction with referenceExpert, or score");
    assertThatThrownBy(
            () -> parse("{\"modelFile\":\"m.json\",\"targetQuality\":{\"fraction\":0.9}}"))
        .hasMessageContaining(at + ".targetQuality.referenceExpert: is required with fraction");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"modelFile\":\"m.json\",\"targetQuality\":{\"fraction\":1.2,\"referenceExpert\":\"a\"}}"))
        .hasMessageContaining(at + ".targetQuality.fraction: must be in (0,1]");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"modelFile\":\"m.json\",\"targetQuality\":{\"fraction\":0.9,\"referenceExpert\":\"ghost\"}}"))
        .hasMessageContaining(at + ".targetQuality.referenceExpert: unknown expert 'ghost'");
    assertThatThrownBy(() -> parse("{\"modelFile\":\"m.json\",\"targetQuality\":{\"score\":-0.1}}"))
        .hasMessageContaining(at + ".targetQuality.score: must be in [0,1]");
  }
}
