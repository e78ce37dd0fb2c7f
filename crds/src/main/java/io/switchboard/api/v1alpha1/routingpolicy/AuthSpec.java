package io.switchboard.api.v1alpha1.routingpolicy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.switchboard.api.v1alpha1.common.Names;
import java.util.List;

/**
 * Who may call the policy's routers: tenants, each with an API key in a Secret and optional limits.
 * The operator mounts the Secrets into the router (it never reads them) and renders the key file
 * paths and limits into the router config.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.tenants) || self.tenants.all(t, self.tenants.exists_one(u, u.name == t.name))",
    message = "auth.tenants names must be unique",
    fieldPath = ".tenants")
public record AuthSpec(
    @Default("true")
        @JsonPropertyDescription(
            "Refuse requests without a tenant's key (401). When false, requests without a known key"
                + " run as tenant 'anonymous' with no per-tenant limit. Default true: a policy that"
                + " lists no tenant refuses every request.")
        Boolean required,
    @Size(max = 64) @JsonPropertyDescription("The tenants and their keys and limits.")
        List<Tenant> tenants) {

  /** One tenant. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "self.name != 'anonymous'",
      message = "'anonymous' names callers without a key",
      fieldPath = ".name")
  @ValidationRule(
      value = "!has(self.monthlyUsdCap) || self.monthlyUsdCap > 0",
      message = "monthlyUsdCap must be positive",
      fieldPath = ".monthlyUsdCap")
  public record Tenant(
      @Required
          @Size(min = 1, max = 63)
          @Pattern(Names.DNS_LABEL)
          @JsonPropertyDescription(
              "Tenant name: the 'tenant' label of the router's request and spend metrics and the"
                  + " usage breakdown.")
          String name,
      @Required
          @JsonPropertyDescription(
              "Secret (same namespace) holding the tenant's API key; clients send it as"
                  + " 'Authorization: Bearer <key>'.")
          TenantSecretRef secretRef,
      @Min(1)
          @Max(100_000_000)
          @JsonPropertyDescription(
              "Requests per minute, per router replica; over it the router answers 429 with"
                  + " Retry-After and OpenAI's x-ratelimit-*-requests headers.")
          Long requestsPerMinute,
      @Min(1)
          @Max(10_000_000_000L)
          @JsonPropertyDescription(
              "Prompt + completion tokens per minute, per router replica (charged when a request"
                  + " finishes); over it 429 with x-ratelimit-*-tokens headers.")
          Long tokensPerMinute,
      @Max(1_000_000_000)
          @JsonPropertyDescription(
              "USD spend per calendar month (UTC), counted by each router replica; when spent,"
                  + " 429 insufficient_quota until the month ends.")
          Double monthlyUsdCap,
      @Default("inference")
          @JsonPropertyDescription(
              "What the key opens: 'inference' (the OpenAI API and feedback) or 'federation' (for"
                  + " a peer cluster of a federated policy: its aggregate endpoint and the requests"
                  + " the peer offloads here, which carry x-switchboard-offloaded; 403 elsewhere)."
                  + " Inference keys get 403 on the federation aggregate.")
          TenantScope scope) {}

  /** The Secret keys of a tenant: the current key and, during a rotation, the previous one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "!has(self.previousKey) || self.previousKey != self.key",
      message = "previousKey must differ from key",
      fieldPath = ".previousKey")
  public record TenantSecretRef(
      @Required
          @Size(min = 1, max = 253)
          @Pattern(Names.DNS_SUBDOMAIN)
          @JsonPropertyDescription("Name of the Secret in the policy's namespace.")
          String name,
      @Required
          @Size(min = 1, max = 253)
          @Pattern("^[-._a-zA-Z0-9]+$")
          @JsonPropertyDescription("Key holding the tenant's current API key.")
          String key,
      @Size(min = 1, max = 253)
          @Pattern("^[-._a-zA-Z0-9]+$")
          @JsonPropertyDescription(
              "Key holding the previous API key, also accepted while present and non-empty: to"
                  + " rotate, move the old key here and put the new one in 'key' in one update,"
                  + " hand out the new key once routers picked it up (about a minute), then empty"
                  + " this key. The routers re-read the mounted Secret without a restart.")
          String previousKey) {}
}
