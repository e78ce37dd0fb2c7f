package io.switchboard.e2e.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.switchboard.e2e.local.RepoLayout;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The quickstart's demo tenant key, read from the Secret the example ships ({@code
 * policies/quickstart/tenant-secret.yaml}), so the local run and e2e call with exactly what a user
 * applying the quickstart would.
 */
public final class QuickstartTenant {
  private QuickstartTenant() {}

  public static String apiKey(RepoLayout repo) {
    try {
      JsonNode secret =
          new YAMLMapper()
              .readTree(repo.policies("quickstart").resolve("tenant-secret.yaml").toFile());
      String key = secret.path("stringData").path("api-key").asText(null);
      if (key == null || key.isBlank()) {
        throw new IllegalStateException("tenant-secret.yaml has no stringData.api-key");
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
