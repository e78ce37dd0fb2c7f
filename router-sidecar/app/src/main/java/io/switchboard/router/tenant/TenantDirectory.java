package io.switchboard.router.tenant;

import io.switchboard.router.config.TenantConfig;
import io.switchboard.router.config.TenantsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * API key → tenant. Keys come from two sources: the legacy {@code tenants.apiKeysFile} (one {@code
 * tenant=apiKey} per line, {@code #} comments; read once per config build) and each entry's {@code
 * keyFiles} (one key per file, re-read by {@link #refresh()} so a rotated Secret takes effect
 * without rebuilding the router state, which would reset the strategy and the rate limits).
 *
 * <p>Only SHA-256 digests of the keys are kept: a heap dump or a stray {@code toString} shows no
 * key, and the lookup is by digest, so it does not compare the presented key character by
 * character. Parse errors name the line number, never the content; log lines name tenant and file.
 */
public final class TenantDirectory {
  private static final Logger LOG = Logger.getLogger(TenantDirectory.class);

  public static final String ANONYMOUS = TenantsConfig.ANONYMOUS;
  public static final TenantDirectory EMPTY = new TenantDirectory(Map.of(), List.of(), false);

  /** What a caller's key opens. */
  public enum Access {
    /** The OpenAI API and feedback: an {@code inference}-scoped tenant. */
    INFERENCE,
    /** A peer cluster: the federation aggregate and requests it offloads here. */
    FEDERATION,
    /** Both: a key of the legacy {@code apiKeysFile}, or anonymous when keys are not required. */
    ANY
  }

  /** Who calls, and what the key opens. */
  public record Caller(String tenant, Access access) {
    public boolean mayInfer() {
      return access != Access.FEDERATION;
    }

    public boolean mayFederate() {
      return access != Access.INFERENCE;
    }
  }

  private static final Caller ANONYMOUS_CALLER = new Caller(TenantsConfig.ANONYMOUS, Access.ANY);

  private final Map<String, Caller> legacyByDigest;
  private final List<TenantConfig> entries;
  private final Map<String, TenantConfig> entryByName;
  private final boolean required;
  private volatile Map<String, Caller> byDigest;

  /** The digest each key file held at the last read (null: missing or empty), for refresh. */
  private final Map<Path, String> fileDigests = new HashMap<>();

  private TenantDirectory(
      Map<String, Caller> legacyByDigest, List<TenantConfig> entries, boolean required) {
    this.legacyByDigest = legacyByDigest;
    this.entries = entries;
    this.required = required;
    Map<String, TenantConfig> byName = new LinkedHashMap<>();
    entries.forEach(e -> byName.put(e.name(), e));
    this.entryByName = Map.copyOf(byName);
    this.byDigest = legacyByDigest;
  }

  /**
   * The directory of {@code config}; {@code legacyContent} is the content of its {@code
   * apiKeysFile} (null without one). Reads the entries' key files once.
   */
  public static TenantDirectory of(TenantsConfig config, String legacyContent) {
    Map<String, Caller> legacy = legacyContent == null ? Map.of() : parseLegacy(legacyContent);
    TenantDirectory d = new TenantDirectory(legacy, config.entries(), config.required());
    d.refresh();
    return d;
  }

  /** Parses an {@code apiKeysFile}'s content; {@code required} as in the config. */
  public static TenantDirectory parse(String content, boolean required) {
    return new TenantDirectory(parseLegacy(content), List.of(), required);
  }

  private static Map<String, Caller> parseLegacy(String content) {
    Map<String, Caller> map = new HashMap<>();
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
      if (map.put(digest(key), new Caller(tenant, Access.ANY)) != null) {
        throw new IllegalArgumentException(
            "tenant API keys file line " + (i + 1) + ": duplicate key");
      }
    }
    return Map.copyOf(map);
  }

  /**
   * Re-reads every entry's key files and swaps in the new key set when one changed. Blocking file
   * reads: call on a worker thread. A missing or empty file gives its tenant no key from it (fail
   * closed); a key two tenants share is refused for both, since the router could not tell who
   * calls.
   *
   * @return whether the key set changed
   */
  public synchronized boolean refresh() {
    boolean changed = false;
    Map<Path, String> now = new HashMap<>();
    for (TenantConfig e : entries) {
      for (String file : e.keyFiles()) {
        Path path = Path.of(file);
        String d = readDigest(e.name(), path);
        now.put(path, d);
        if (!fileDigests.containsKey(path) || !Objects.equals(fileDigests.get(path), d)) {
          changed = true;
          if (fileDigests.containsKey(path)) {
            LOG.infof(
                "API key file %s of tenant %s changed: %s",
                path, e.name(), d == null ? "no key (missing or empty)" : "new key active");
          } else if (d == null) {
            LOG.warnf(
                "API key file %s of tenant %s is missing or empty: that file gives no key",
                path, e.name());
          }
        }
      }
    }
    if (!changed) {
      return false;
    }
    fileDigests.clear();
    fileDigests.putAll(now);
    Map<String, Caller> keys = new HashMap<>(legacyByDigest);
    Map<String, String> shared = new HashMap<>();
    for (TenantConfig e : entries) {
      Caller caller =
          new Caller(e.name(), e.federationOnly() ? Access.FEDERATION : Access.INFERENCE);
      for (String file : e.keyFiles()) {
        String d = now.get(Path.of(file));
        if (d == null) {
          continue;
        }
        Caller before = keys.putIfAbsent(d, caller);
        if (before != null && !before.tenant().equals(e.name())) {
          shared.put(d, before.tenant() + " and " + e.name());
        }
      }
    }
    shared.forEach(
        (d, who) -> {
          keys.remove(d);
          LOG.errorf("tenants %s hold the same API key: it is refused for both", who);
        });
    byDigest = Map.copyOf(keys);
    return true;
  }

  private static String readDigest(String tenant, Path path) {
    try {
      String key = Files.readString(path, StandardCharsets.UTF_8).strip();
      return key.isEmpty() ? null : digest(key);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.warnf(
          "API key file %s of tenant %s unreadable (%s)", path, tenant, e.getClass().getName());
      return null;
    }
  }

  public boolean required() {
    return required;
  }

  /** The limits of {@code tenant}, or null for a tenant without an entry (legacy or anonymous). */
  public TenantConfig limitsOf(String tenant) {
    return entryByName.get(tenant);
  }

  /**
   * @return the tenant, {@link #ANONYMOUS} for no/unknown key when not required, null when the key
   *     is refused
   */
  public String tenantFor(String authorizationHeader) {
    Caller caller = caller(authorizationHeader);
    return caller == null ? null : caller.tenant();
  }

  /**
   * @return the caller and what its key opens; anonymous (everything) for no/unknown key when not
   *     required; null when the key is refused
   */
  public Caller caller(String authorizationHeader) {
    String key = null;
    if (authorizationHeader != null
        && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = authorizationHeader.substring(7).strip();
    }
    Caller caller = key == null || key.isEmpty() ? null : byDigest.get(digest(key));
    if (caller != null) {
      return caller;
    }
    return required ? null : ANONYMOUS_CALLER;
  }

  /**
   * One SHA-256 instance per thread: every request digests its key, and {@code
   * MessageDigest.getInstance} walks the security providers each time (a visible share of a
   * request's CPU on the event loop). {@code digest} resets the instance after each use.
   */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is always available", e);
            }
          });

  private static String digest(String key) {
    return HexFormat.of().formatHex(SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public String toString() {
    return "TenantDirectory[" + byDigest.size() + " keys, redacted]";
  }
}
