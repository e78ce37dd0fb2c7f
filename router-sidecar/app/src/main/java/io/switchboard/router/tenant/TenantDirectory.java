package io.switchboard.router.tenant;

import java.util.HashMap;
import java.util.Map;

/**
 * API key → tenant, parsed from a mounted Secret file with one {@code tenant=apiKey} per line
 * ({@code #} comments, blank lines ignored). Keys are never logged; parse errors name the line
 * number only.
 */
public final class TenantDirectory {
  public static final String ANONYMOUS = "anonymous";
  public static final TenantDirectory EMPTY = new TenantDirectory(Map.of(), false);

  private final Map<String, String> tenantByKey;
  private final boolean required;

  private TenantDirectory(Map<String, String> tenantByKey, boolean required) {
    this.tenantByKey = tenantByKey;
    this.required = required;
  }

  public static TenantDirectory parse(String content, boolean required) {
    Map<String, String> map = new HashMap<>();
    String[] lines = content.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || eq == line.length() - 1) {
        throw new IllegalArgumentException(
            "tenant API keys file line " + (i + 1) + ": expected tenant=apiKey");
      }
      String tenant = line.substring(0, eq).strip();
      String key = line.substring(eq + 1).strip();
      if (map.put(key, tenant) != null) {
        throw new IllegalArgumentException(
            "tenant API keys file line " + (i + 1) + ": duplicate key");
      }
    }
    return new TenantDirectory(Map.copyOf(map), required);
  }

  public boolean required() {
    return required;
  }

  /**
   * @return the tenant, {@link #ANONYMOUS} for no/unknown key when not required, null when the key
   *     is refused
   */
  public String tenantFor(String authorizationHeader) {
    String key = null;
    if (authorizationHeader != null
        && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = authorizationHeader.substring(7).strip();
    }
    String tenant = key == null ? null : tenantByKey.get(key);
    if (tenant != null) {
      return tenant;
    }
    return required ? null : ANONYMOUS;
  }
}
