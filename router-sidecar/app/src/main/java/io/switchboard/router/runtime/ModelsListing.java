package io.switchboard.router.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.router.config.ExpertConfig;
import io.switchboard.router.config.RouterConfig;

/**
 * Renders the OpenAI {@code GET /v1/models} list: the policy's virtual model, then experts clients
 * may name.
 */
final class ModelsListing {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ModelsListing() {}

  static String json(RouterConfig config) {
    ObjectNode root = MAPPER.createObjectNode().put("object", "list");
    ArrayNode data = root.putArray("data");
    data.addObject()
        .put("id", config.policy().virtualModel())
        .put("object", "model")
        .put("created", 0)
        .put("owned_by", "switchboard")
        .put("switchboard_kind", "virtual")
        .put("switchboard_mode", config.policy().mode().wireName());
    if (config.policy().allowDirectExpert()) {
      for (ExpertConfig e : config.experts()) {
        data.addObject()
            .put("id", e.name())
            .put("object", "model")
            .put("created", 0)
            .put("owned_by", "switchboard")
            .put("switchboard_kind", e.kind().wireName())
            .put("switchboard_model", e.model());
      }
    }
    return root.toString();
  }
}
