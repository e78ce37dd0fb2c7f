package io.switchboard.router.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RouterConfigCodecTest {
  private final RouterConfigCodec codec = new RouterConfigCodec();

  private static String example() throws IOException {
    try (InputStream in =
        RouterConfigCodecTest.class.getResourceAsStream("/router-config-example.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void parsesTheDocumentedExampleWithTypedBlocks() throws Exception {
    RouterConfig c = codec.parse(example());

    assertThat(c.policy().mode()).isEqualTo(Mode.WEIGHTED);
    assertThat(c.policy().params().weighted().canary().expert()).isEqualTo("llama-70b");
    assertThat(c.policy().params().cascade().confidence()).isEqualTo(ConfidenceSource.LOGPROBS);
    assertThat(c.policy().params().bandit().algorithm()).isEqualTo(BanditAlgorithm.LINUCB);
    assertThat(c.policy().timeouts().firstByteMs()).isEqualTo(20_000L);
    assertThat(c.expert("gpt-4o").orElseThrow().apiKeyFile())
        .isEqualTo("/var/run/secrets/switchboard/openai/api-key");
    assertThat(c.budget().enforcement()).isEqualTo(BudgetEnforcement.DOWNGRADE);
  }

  @Test
  void writeThenParseRoundTripsWithDefaultsMaterialised() throws Exception {
    RouterConfig c = codec.parse(example());
    String written = codec.write(c);

    assertThat(codec.parse(written)).isEqualTo(c);
    assertThat(written).contains("\"connectMs\"").doesNotContain("null");
  }

  @Test
  void minimalConfigGetsDefaults() throws Exception {
    RouterConfig c =
        codec.parse(
            """
                {"apiVersion":"switchboard.io/router-config/v1",
                 "policy":{"name":"p","virtualModel":"auto","mode":"weighted"},
                 "experts":[{"name":"a","model":"m","endpoint":"http://127.0.0.1:8000"}]}""");

    assertThat(c.policy().retries().attempts()).isEqualTo(1);
    assertThat(c.policy().maxBodyBytes()).isEqualTo(PolicyConfig.DEFAULT_MAX_BODY_BYTES);
    assertThat(c.policy().embedding().spec()).isEqualTo(EncoderSpec.DEFAULT);
    assertThat(c.experts().get(0).kind()).isEqualTo(ExpertKind.CHAT);
    assertThat(c.budget().exceeded()).isFalse();
  }

  @Test
  void embeddingBlockSelectsTheEncoderAndIsValidated() throws Exception {
    RouterConfig c =
        codec.parse(
            """
                {"apiVersion":"switchboard.io/router-config/v1",
                 "policy":{"name":"p","virtualModel":"auto","mode":"capability",
                           "embedding":{"encoder":"minilm-static","maxTokens":64,"truncation":"head"}},
                 "experts":[{"name":"a","model":"m","endpoint":"http://127.0.0.1:8000"}]}""");
    assertThat(c.policy().embedding().spec())
        .isEqualTo(new EncoderSpec(EncoderSpec.Encoder.MINILM_STATIC, 64, Truncation.HEAD));

    assertThatThrownBy(
            () ->
                codec.parse(
                    """
                {"apiVersion":"switchboard.io/router-config/v1",
                 "policy":{"name":"p","virtualModel":"auto","mode":"capability",
                           "embedding":{"encoder":"bert","maxTokens":4,"truncation":"middle"}},
                 "experts":[{"name":"a","model":"m","endpoint":"http://x:1"}]}"""))
        .isInstanceOfSatisfying(
            InvalidRouterConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "policy.embedding.encoder: must be one of minilm, minilm-static, got 'bert'",
                        "policy.embedding.maxTokens: must be in [8,512]",
                        "policy.embedding.truncation: must be head or tail, got 'middle'"));
  }

  @Test
  void unknownModeIsAnErrorNotAFallback() {
    assertThatThrownBy(
            () ->
                codec.parse(
                    """
                {"apiVersion":"switchboard.io/router-config/v1",
                 "policy":{"name":"p","virtualModel":"auto","mode":"magic"},
                 "experts":[{"name":"a","model":"m","endpoint":"http://x:1"}]}"""))
        .isInstanceOf(InvalidRouterConfigException.class)
        .hasMessageContaining("policy.mode: unknown mode 'magic', expected one of cascade, bandit");
  }

  @Test
  void unknownFieldNamesItsPath() {
    assertThatThrownBy(
            () ->
                codec.parse(
                    """
                {"apiVersion":"switchboard.io/router-config/v1",
                 "policy":{"name":"p","virtualModel":"auto","mode":"weighted","retries":{"attempt":2}},
                 "experts":[{"name":"a","model":"m","endpoint":"http://x:1"}]}"""))
        .isInstanceOf(InvalidRouterConfigException.class)
        .hasMessageContaining("policy.retries: unknown field 'attempt'");
  }

  @Test
  void tenantEntriesCarryKeyFilesAndLimitsAndAreValidated() throws Exception {
    String base =
        """
        {"apiVersion":"switchboard.io/router-config/v1",
         "policy":{"name":"p","virtualModel":"auto","mode":"weighted"},
         "experts":[{"name":"a","model":"m","endpoint":"http://x:1"}],
         "tenants":{"required":true,"entries":%s}}""";
    RouterConfig c =
        codec.parse(
            base.formatted(
                "[{\"name\":\"team-a\",\"keyFiles\":[\"/k/current\",\"/k/previous\"],"
                    + "\"requestsPerMinute\":60,\"tokensPerMinute\":1000,\"monthlyUsdCap\":5}]"));
    TenantConfig t = c.tenants().entries().get(0);
    assertThat(t.keyFiles()).containsExactly("/k/current", "/k/previous");
    assertThat(t.requestsPerMinute()).isEqualTo(60L);
    assertThat(t.tokensPerMinute()).isEqualTo(1000L);
    assertThat(t.monthlyUsdCap()).isEqualTo(5.0);
    assertThat(codec.parse(base.formatted("[]")).tenants().required()).isTrue();

    assertThatThrownBy(
            () ->
                codec.parse(
                    base.formatted(
                        "[{\"name\":\"t\",\"keyFiles\":[\"/a\"]},"
                            + "{\"name\":\"t\",\"keyFiles\":[\"/b\"]},"
                            + "{\"name\":\"anonymous\",\"keyFiles\":[\"/c\"]},"
                            + "{\"name\":\"u\",\"keyFiles\":[],\"requestsPerMinute\":-1}]")))
        .isInstanceOfSatisfying(
            InvalidRouterConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "tenants.entries[1].name: duplicate tenant name 't'",
                        "tenants.entries[2].name: 'anonymous' is the name of unauthenticated callers",
                        "tenants.entries[3].keyFiles: at least one key file is required",
                        "tenants.entries[3].requestsPerMinute: must be >= 0"));
  }

  @Test
  void semanticProblemsAreAllReportedTogether() {
    assertThatThrownBy(
            () ->
                codec.parse(
                    """
                {"apiVersion":"switchboard.io/router-config/v2",
                 "policy":{"name":"p","virtualModel":"auto","mode":"cascade","fallback":["ghost"],
                           "params":{"cascade":{"order":["a","nope"],"threshold":1.5,"confidence":"judge"}}},
                 "experts":[{"name":"a","model":"m","endpoint":"ftp://x:1"},{"name":"a","model":"m","endpoint":"http://x:1"}]}"""))
        .isInstanceOfSatisfying(
            InvalidRouterConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "apiVersion: must be 'switchboard.io/router-config/v1' but is 'switchboard.io/router-config/v2'",
                        "experts[0].endpoint: must be an http or https URL: 'ftp://x:1'",
                        "experts[1].name: duplicate expert name 'a'",
                        "policy.fallback[0]: unknown expert 'ghost', known experts: [a]",
                        "policy.params.cascade.order[1]: unknown expert 'nope', known experts: [a]",
                        "policy.params.cascade.threshold: must be in [0,1]",
                        "policy.params.cascade.judgeExpert: is required when confidence is judge"));
  }

  @Test
  void aShadowModeIsValidatedLikeThePolicysOwn() throws Exception {
    String base =
        """
        {"apiVersion":"switchboard.io/router-config/v1",
         "policy":{"name":"p","virtualModel":"auto","mode":"weighted","shadow":%s},
         "experts":[{"name":"a","model":"m","endpoint":"http://127.0.0.1:8000"}]}""";

    ShadowParams shadow =
        codec.parse(base.formatted("{\"mode\":\"capability\"}")).policy().shadow();
    assertThat(shadow.mode()).isEqualTo(Mode.CAPABILITY);
    assertThat(shadow.samplePercent()).isEqualTo(100.0);
    assertThat(shadow.mirror()).isFalse();
    assertThatThrownBy(
            () -> codec.parse(base.formatted("{\"mode\":\"weighted\",\"samplePercent\":101}")))
        .isInstanceOfSatisfying(
            InvalidRouterConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "policy.shadow.mode: must differ from policy.mode",
                        "policy.shadow.samplePercent: must be in [0,100]"));
    // The shadow's own parameter block is checked: a cascade needs its order.
    assertThatThrownBy(() -> codec.parse(base.formatted("{\"mode\":\"cascade\"}")))
        .isInstanceOfSatisfying(
            InvalidRouterConfigException.class,
            e ->
                assertThat(e.problems())
                    .anyMatch(problem -> problem.startsWith("policy.params.cascade.order")));
  }

  @Test
  void malformedJsonReportsLocation() {
    assertThatThrownBy(() -> codec.parse("{\"apiVersion\": "))
        .isInstanceOf(InvalidRouterConfigException.class)
        .hasMessageContaining("line 1");
  }

  private static String federated(String peers) {
    return """
                {"apiVersion":"switchboard.io/router-config/v1",
                 "policy":{"name":"p","virtualModel":"auto","mode":"federated","params":{"federated":{"peers":%s}}},
                 "experts":[{"name":"a","model":"m","endpoint":"http://127.0.0.1:8000"}]}"""
        .formatted(peers);
  }

  @Test
  void federatedPeersAreUrlStringsOrObjectsWithAnApiKeyFile() throws Exception {
    RouterConfig c =
        codec.parse(
            federated(
                """
                ["https://router.eu.example", {"url": "https://router.us.example/", "apiKeyFile": "/var/run/secrets/switchboard/us/key"}]"""));

    FederatedParams f = c.policy().params().federated();
    assertThat(f.peers())
        .containsExactly(
            new FederatedPeer("https://router.eu.example", null),
            new FederatedPeer("https://router.us.example/", "/var/run/secrets/switchboard/us/key"));
    assertThat(f.peerUrls())
        .containsExactly("https://router.eu.example", "https://router.us.example/");
    assertThat(f.isPeerEndpoint("https://router.us.example")).isTrue();
    // Written back as objects (the format the operator renders), and parsed to the same config.
    String written = codec.write(c);
    assertThat(written)
        .contains("\"url\" : \"https://router.eu.example\"")
        .contains("\"apiKeyFile\" : \"/var/run/secrets/switchboard/us/key\"");
    assertThat(codec.parse(written)).isEqualTo(c);
  }

  @Test
  void invalidFederatedPeersAreRefusedWithTheirPath() {
    assertThatThrownBy(
            () ->
                codec.parse(
                    federated(
                        "[{\"apiKeyFile\": \"/k\"}, {\"url\": \"ftp://x\", \"apiKeyFile\": \" \"}]")))
        .isInstanceOfSatisfying(
            InvalidRouterConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "policy.params.federated.peers[0].url: is required",
                        "policy.params.federated.peers[1].url: must be an http or https URL: 'ftp://x'",
                        "policy.params.federated.peers[1].apiKeyFile: must be a file path when set"));
    assertThatThrownBy(
            () -> codec.parse(federated("[{\"url\": \"https://x\", \"apiKey\": \"secret\"}]")))
        .isInstanceOfSatisfying(
            InvalidRouterConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .contains("policy.params.federated.peers[0]: unknown field 'apiKey'")
                    .doesNotContain("secret"));
    assertThatThrownBy(() -> codec.parse(federated("[null]")))
        .isInstanceOfSatisfying(
            InvalidRouterConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .contains("a peer is a URL string or an object"));
    assertThatThrownBy(() -> codec.parse(federated("[[\"https://x\"]]")))
        .isInstanceOf(InvalidRouterConfigException.class)
        .hasMessageContaining("policy.params.federated.peers[0]");
  }
}
