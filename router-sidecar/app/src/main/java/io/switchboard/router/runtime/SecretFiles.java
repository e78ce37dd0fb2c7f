package io.switchboard.router.runtime;

import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.FederatedPeer;
import io.switchboard.router.config.Mode;
import io.switchboard.router.config.RouterConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The Secret files a router config names (expert API keys, federation peers' keys, the tenants' key
 * file): reading them, keying their contents, and hashing config plus secrets for change detection.
 */
final class SecretFiles {
  private SecretFiles() {}

  /** The bytes of the config file and of the Secret files it named, as last read. */
  record Seen(byte[] config, Map<Path, byte[]> secrets) {
    boolean unchanged(byte[] configNow) {
      if (!Arrays.equals(config, configNow)) {
        return false;
      }
      for (Map.Entry<Path, byte[]> e : secrets.entrySet()) {
        try {
          if (!Arrays.equals(e.getValue(), Files.readAllBytes(e.getKey()))) {
            return false;
          }
        } catch (IOException ex) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Reads every Secret file the config names (expert API keys, federation peers' keys, the tenants'
   * key file).
   */
  static Map<Path, byte[]> read(RouterConfig config) throws IOException {
    Map<Path, byte[]> out = new HashMap<>();
    for (KeyFile keyFile : apiKeyFiles(config)) {
      out.put(keyFile.path(), Files.readAllBytes(keyFile.path()));
    }
    if (config.tenants().apiKeysFile() != null) {
      Path p = Path.of(config.tenants().apiKeysFile());
      out.put(p, Files.readAllBytes(p));
    }
    return out;
  }

  /**
   * Secret contents by key: "expert:<name>" / "peer:<url>" → API key, "tenants" → key file content.
   */
  static Map<String, String> byKey(RouterConfig config, Map<Path, byte[]> files)
      throws IOException {
    Map<String, String> out = new HashMap<>();
    for (KeyFile keyFile : apiKeyFiles(config)) {
      String key = new String(files.get(keyFile.path()), StandardCharsets.UTF_8).strip();
      if (key.isEmpty()) {
        throw new IOException("API key file of " + keyFile.owner() + " is empty");
      }
      out.put(keyFile.secret(), key);
    }
    if (config.tenants().apiKeysFile() != null) {
      out.put(
          "tenants",
          new String(files.get(Path.of(config.tenants().apiKeysFile())), StandardCharsets.UTF_8));
    }
    return out;
  }

  /**
   * One API key file the config names.
   *
   * @param secret its key in {@link #byKey}
   * @param owner what the key belongs to, for messages
   */
  private record KeyFile(String secret, String owner, Path path) {}

  /** The API key files of the experts and, for a federated policy, of its peers. */
  private static List<KeyFile> apiKeyFiles(RouterConfig config) {
    List<KeyFile> out = new ArrayList<>();
    for (ExpertConfig e : config.experts()) {
      if (e.apiKeyFile() != null) {
        out.add(new KeyFile("expert:" + e.name(), "expert " + e.name(), Path.of(e.apiKeyFile())));
      }
    }
    for (FederatedPeer peer : federationPeers(config)) {
      if (peer.apiKeyFile() != null) {
        out.add(
            new KeyFile(
                PEER_SECRET + peer.url(),
                "federation peer " + peer.url(),
                Path.of(peer.apiKeyFile())));
      }
    }
    return out;
  }

  private static final String PEER_SECRET = "peer:";

  /**
   * The federation peers of a federated policy; none otherwise (another mode's unused block names
   * no file to read).
   */
  private static List<FederatedPeer> federationPeers(RouterConfig config) {
    return config.policy().mode() == Mode.FEDERATED
        ? config.policy().params().federatedOrDefault().peers()
        : List.of();
  }

  /** {@code Bearer <key>} by peer URL, for the peers that have a key file. */
  static PeerAuthorizations peerAuthorizations(Map<String, String> secrets) {
    Map<String, String> out = new HashMap<>();
    secrets.forEach(
        (name, key) -> {
          if (name.startsWith(PEER_SECRET)) {
            out.put(name.substring(PEER_SECRET.length()), "Bearer " + key);
          }
        });
    return out.isEmpty() ? PeerAuthorizations.NONE : new PeerAuthorizations(out);
  }

  /** SHA-256 of the config bytes and the secrets, in key order (change detection). */
  static String hash(byte[] config, Map<String, String> secrets) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(config);
      secrets.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e -> {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
              });
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
