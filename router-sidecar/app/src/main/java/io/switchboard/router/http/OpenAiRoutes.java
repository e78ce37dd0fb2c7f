package io.switchboard.router.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.router.config.TenantConfig;
import io.switchboard.router.core.accounting.UsageLedger;
import io.switchboard.router.core.spi.Endpoint;
import io.switchboard.router.core.spi.Feedback;
import io.switchboard.router.runtime.RouterState;
import io.switchboard.router.tenant.TenantDirectory;
import io.switchboard.router.tenant.TenantLimits;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Instant;
import java.util.OptionalDouble;
import org.jboss.logging.Logger;

/**
 * The OpenAI-compatible HTTP API on the Vert.x router directly (no JAX-RS layer on the hot path).
 * Bodies are read with the policy's size limit, only routing fields are parsed, and everything else
 * is forwarded as bytes.
 */
@ApplicationScoped
public class OpenAiRoutes {
  private static final Logger LOG = Logger.getLogger(OpenAiRoutes.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * A feedback body is a request id, a score and an expert name: anything near this size is not
   * feedback.
   */
  static final long FEEDBACK_MAX_BYTES = 64 * 1024;

  private final DataPlane dp;

  public OpenAiRoutes(DataPlane dp) {
    this.dp = dp;
  }

  void register(@Observes Router router) {
    router
        .post("/v1/chat/completions")
        .order(-100)
        .handler(ctx -> proxy(ctx, Endpoint.CHAT_COMPLETIONS));
    router.post("/v1/completions").order(-100).handler(ctx -> proxy(ctx, Endpoint.COMPLETIONS));
    router.post("/v1/embeddings").order(-100).handler(ctx -> proxy(ctx, Endpoint.EMBEDDINGS));
    router.get("/v1/models").order(-100).handler(this::models);
    router.post("/v1/feedback").order(-100).handler(this::feedback);
    router.get("/switchboard/usage").order(-100).handler(this::usage);
    methodNotAllowed(router, "POST", "/v1/chat/completions", "/v1/completions", "/v1/embeddings");
    methodNotAllowed(router, "POST", "/v1/feedback");
    methodNotAllowed(router, "GET", "/v1/models", "/switchboard/usage");
    unknownUrl(router, "/v1/*");
    // Health and metrics moved to the management port; their old paths here get the API's 404.
    unknownUrl(router, "/q/*");
  }

  private void unknownUrl(Router router, String path) {
    router
        .route(path)
        .order(-99)
        .handler(
            ctx -> {
              ctx.response()
                  .putHeader(
                      "x-request-id",
                      dp.requestIds.fromClientOrNew(ctx.request().getHeader("x-request-id")));
              dp.errors.send(
                  ctx.response(),
                  404,
                  "invalid_request_error",
                  "unknown_url",
                  "unknown URL " + ctx.request().method() + " " + ctx.request().path(),
                  0);
            });
  }

  /**
   * A known path asked with the wrong method: 405 with {@code Allow}, as the OpenAI API answers.
   */
  private void methodNotAllowed(Router router, String allowed, String... paths) {
    for (String path : paths) {
      router
          .route(path)
          .order(-99)
          .handler(
              ctx -> {
                ctx.response()
                    .putHeader("allow", allowed)
                    .putHeader(
                        "x-request-id",
                        dp.requestIds.fromClientOrNew(ctx.request().getHeader("x-request-id")));
                dp.errors.send(
                    ctx.response(),
                    405,
                    "invalid_request_error",
                    "method_not_allowed",
                    ctx.request().method() + " is not allowed on " + path + "; use " + allowed,
                    0);
              });
    }
  }

  private void proxy(RoutingContext ctx, Endpoint endpoint) {
    long start = System.nanoTime();
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = ctx.response();
    String requestId = dp.requestIds.fromClientOrNew(request.getHeader("x-request-id"));
    RouterState state = dp.states.current();
    if (state == null) {
      response.putHeader("x-request-id", requestId);
      dp.errors.send(
          response,
          503,
          "service_unavailable",
          "no_config",
          "the router has no valid configuration loaded",
          5);
      return;
    }
    if (!isJson(request.getHeader("content-type"))) {
      response.putHeader("x-request-id", requestId);
      dp.errors.notJson(response);
      return;
    }
    TenantDirectory.Caller caller = state.tenants().caller(request.getHeader("authorization"));
    if (caller == null) {
      response.putHeader("x-request-id", requestId);
      dp.errors.invalidApiKey(response);
      dp.metrics.request(state.policyName(), "none", "none", 401, System.nanoTime() - start, -1);
      return;
    }
    String tenant = caller.tenant();
    // A peer cluster's key serves the requests that peer offloads here, not its users' traffic.
    if (!caller.mayInfer() && request.getHeader(ProxyCall.OFFLOADED_HEADER) == null) {
      response.putHeader("x-request-id", requestId);
      dp.errors.federationScoped(response);
      dp.metrics.request(state.policyName(), "none", tenant, 403, System.nanoTime() - start, -1);
      return;
    }
    long wait = state.rateLimiter().tryAcquire(tenant, start);
    if (wait > 0) {
      response.putHeader("x-request-id", requestId);
      dp.errors.send(
          response,
          429,
          "rate_limit_error",
          "rate_limit_exceeded",
          "rate limit of tenant '" + tenant + "' exceeded",
          wait);
      dp.metrics.request(state.policyName(), "none", tenant, 429, System.nanoTime() - start, -1);
      return;
    }
    TenantConfig limits = state.tenants().limitsOf(tenant);
    TenantLimits.Admission admission = dp.tenantLimits.admit(tenant, limits, start, Instant.now());
    // OpenAI sends the x-ratelimit-* headers on every response, so clients can pace themselves.
    admission.headers().forEach(response::putHeader);
    if (!admission.admitted()) {
      response.putHeader("x-request-id", requestId);
      refuseOverLimit(response, tenant, limits, admission);
      dp.metrics.request(state.policyName(), "none", tenant, 429, System.nanoTime() - start, -1);
      return;
    }
    long max = state.config().policy().maxBodyBytes();
    Context context = Vertx.currentContext();
    BoundedBody.read(
        request,
        response,
        dp.errors,
        max,
        requestId,
        body -> {
          try {
            byte[] bytes = body.getBytes();
            ParsedRequest parsed = dp.parser.parse(bytes, bytes.length, endpoint);
            new ProxyCall(
                    dp,
                    context,
                    response,
                    state,
                    endpoint,
                    bytes,
                    parsed,
                    requestId,
                    tenant,
                    start,
                    request.getHeader(ProxyCall.OFFLOADED_HEADER) != null)
                .start();
          } catch (InvalidRequestException e) {
            response.putHeader("x-request-id", requestId);
            dp.errors.send(response, e);
            dp.metrics.request(
                state.policyName(), "none", tenant, e.status(), System.nanoTime() - start, -1);
          } catch (RuntimeException e) {
            LOG.errorf(e, "request %s: unexpected error", requestId);
            response.putHeader("x-request-id", requestId);
            dp.errors.send(
                response, 500, "internal_error", "internal_error", "internal router error", 0);
          }
        });
  }

  /**
   * 429 as OpenAI words it: {@code type} names the exhausted limit ({@code requests}, {@code
   * tokens}), and a spent monthly cap is {@code insufficient_quota} (OpenAI's code for a used-up
   * quota), with {@code Retry-After} until the allowance is back.
   */
  private void refuseOverLimit(
      HttpServerResponse response,
      String tenant,
      TenantConfig limits,
      TenantLimits.Admission admission) {
    switch (admission.refusal()) {
      case REQUESTS ->
          dp.errors.send(
              response,
              429,
              "requests",
              "rate_limit_exceeded",
              "Rate limit reached for tenant '"
                  + tenant
                  + "' on requests per min (RPM): Limit "
                  + limits.requestsPerMinute()
                  + ". Please try again in "
                  + admission.retryAfterSeconds()
                  + "s.",
              admission.retryAfterSeconds());
      case TOKENS ->
          dp.errors.send(
              response,
              429,
              "tokens",
              "rate_limit_exceeded",
              "Rate limit reached for tenant '"
                  + tenant
                  + "' on tokens per min (TPM): Limit "
                  + limits.tokensPerMinute()
                  + ". Please try again in "
                  + admission.retryAfterSeconds()
                  + "s.",
              admission.retryAfterSeconds());
      case MONTHLY_CAP ->
          dp.errors.send(
              response,
              429,
              "insufficient_quota",
              "insufficient_quota",
              "Tenant '"
                  + tenant
                  + "' has spent its monthly cap of $"
                  + limits.monthlyUsdCap()
                  + "; it resets at the start of next month (UTC).",
              admission.retryAfterSeconds());
    }
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return mime.equalsIgnoreCase("application/json");
  }

  private void models(RoutingContext ctx) {
    RouterState state = dp.states.current();
    if (state == null) {
      dp.errors.send(
          ctx.response(),
          503,
          "service_unavailable",
          "no_config",
          "the router has no valid configuration loaded",
          5);
      return;
    }
    ctx.response().putHeader("content-type", "application/json").end(state.modelsJson());
  }

  /**
   * {@code {"request_id": "...", "score": 0..1, "expert"?: "..."}} → explicit feedback to the
   * strategy.
   */
  private void feedback(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    RouterState state = dp.states.current();
    if (state == null) {
      dp.errors.send(
          response, 503, "service_unavailable", "no_config", "feedback cannot be accepted now", 5);
      return;
    }
    // The key is checked before a byte of the body is read, so an anonymous client cannot make the
    // router buffer.
    TenantDirectory.Caller caller =
        state.tenants().caller(ctx.request().getHeader("authorization"));
    if (caller == null) {
      dp.errors.invalidApiKey(response);
      return;
    }
    if (!caller.mayInfer()) {
      dp.errors.federationScoped(response);
      return;
    }
    String tenant = caller.tenant();
    if (!isJson(ctx.request().getHeader("content-type"))) {
      dp.errors.notJson(response);
      return;
    }
    BoundedBody.read(
        ctx.request(),
        response,
        dp.errors,
        FEEDBACK_MAX_BYTES,
        null,
        body -> {
          JsonNode node;
          try {
            node = MAPPER.readTree(body.getBytes());
          } catch (IOException e) {
            dp.errors.send(
                response, 400, "invalid_request_error", "invalid_json", "malformed JSON", 0);
            return;
          }
          String requestId = node == null ? null : node.path("request_id").asText(null);
          JsonNode score = node == null ? null : node.get("score");
          if (requestId == null
              || score == null
              || !score.isNumber()
              || score.asDouble() < 0
              || score.asDouble() > 1) {
            dp.errors.send(
                response,
                400,
                "invalid_request_error",
                "invalid_feedback",
                "feedback needs 'request_id' (string) and 'score' (number in [0,1])",
                0);
            return;
          }
          RecentOutcomes.Outcome outcome = ownOutcome(dp.outcomes.get(requestId), tenant);
          // With keys required, feedback must be bound to a request this tenant made: an id the
          // router no longer (or never) knew cannot be checked, so it is refused rather than fed
          // to the strategy on the caller's word.
          String expert =
              outcome != null
                  ? node.path("expert").asText(outcome.expert())
                  : state.tenants().required() ? null : node.path("expert").asText(null);
          if (expert == null) {
            dp.errors.send(
                response,
                404,
                "invalid_request_error",
                "unknown_request",
                state.tenants().required()
                    ? "request '" + requestId + "' is not among your recent requests"
                    : "request '"
                        + requestId
                        + "' is not among the recent requests; send 'expert' as well",
                0);
            return;
          }
          if (!state.experts().containsKey(expert)) {
            dp.errors.send(
                response,
                400,
                "invalid_request_error",
                "unknown_expert",
                "unknown expert '" + expert + "'",
                0);
            return;
          }
          Feedback feedback =
              new Feedback(
                  requestId,
                  expert,
                  OptionalDouble.of(score.asDouble()),
                  outcome == null ? -1 : outcome.latencyMs(),
                  outcome == null ? Double.NaN : outcome.costUsd(),
                  outcome == null || outcome.success(),
                  Feedback.Source.EXPLICIT);
          state.strategy().feedback(feedback);
          if (state.shadowStrategy() != null) {
            // A learning shadow learns from the served expert's grade, as off-policy data.
            state.shadowStrategy().feedback(feedback);
          }
          dp.metrics.qualityGrade(state.policyName(), expert, "feedback", score.asDouble());
          response
              .setStatusCode(202)
              .putHeader("content-type", "application/json")
              .end("{\"status\":\"accepted\"}");
        });
  }

  /**
   * The outcome if {@code tenant} may rate it: a request made with a tenant's key belongs to that
   * tenant; one made anonymously (keys not required) to anyone. Otherwise null, so another tenant's
   * request looks exactly like an unknown one.
   */
  private static RecentOutcomes.Outcome ownOutcome(RecentOutcomes.Outcome outcome, String tenant) {
    if (outcome == null
        || outcome.tenant() == null
        || TenantDirectory.ANONYMOUS.equals(outcome.tenant())
        || outcome.tenant().equals(tenant)) {
      return outcome;
    }
    return null;
  }

  /**
   * Usage and cost totals since start, per policy, expert and tenant (for the operator's budget
   * aggregation).
   */
  private void usage(RoutingContext ctx) {
    RouterState state = dp.states.current();
    String authorization = ctx.request().getHeader("authorization");
    String control = state == null ? null : state.config().policy().controlTokenSha256();
    // Usage lists every tenant's spend: with a control token configured only the operator's token
    // opens it (a tenant key would show a tenant the others' spend); without one, as before, a
    // tenant key when keys are required.
    if (control != null && !ControlToken.presents(authorization, control)) {
      dp.errors.send(
          ctx.response(),
          401,
          "authentication_error",
          "invalid_control_token",
          "GET /switchboard/usage needs the operator's control token for this policy",
          0);
      return;
    }
    TenantDirectory.Caller caller =
        control == null && state != null ? state.tenants().caller(authorization) : null;
    if (control == null && state != null && caller == null) {
      dp.errors.invalidApiKey(ctx.response());
      return;
    }
    if (caller != null && !caller.mayInfer()) {
      dp.errors.federationScoped(ctx.response());
      return;
    }
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode entries = root.putArray("entries");
    for (UsageLedger.Entry e : dp.ledger.snapshot()) {
      entries
          .addObject()
          .put("policy", e.policy())
          .put("expert", e.expert())
          .put("tenant", e.tenant())
          .put("calls", e.calls())
          .put("estimatedCalls", e.estimatedCalls())
          .put("promptTokens", e.promptTokens())
          .put("completionTokens", e.completionTokens())
          .put("costUsd", e.costUsd());
    }
    root.put("totalCostUsd", dp.ledger.totalCostUsd());
    ctx.response().putHeader("content-type", "application/json").end(root.toString());
  }
}
