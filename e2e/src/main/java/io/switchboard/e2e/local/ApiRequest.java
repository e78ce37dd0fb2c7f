package io.switchboard.e2e.local;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One API request as the Kubernetes authorizer sees it: the attributes RBAC decides on, derived
 * from the HTTP method and path the way the API server's {@code RequestInfoFactory} does (GET of a
 * collection is {@code list}, {@code ?watch=true} is {@code watch}, DELETE of a collection is
 * {@code deletecollection}, a list narrowed by {@code fieldSelector=metadata.name=x} is about
 * {@code x}). Paths outside {@code /api/v1} and {@code /apis/<group>/<version>} resources, such as
 * discovery, are non-resource requests with the lower-cased HTTP method as their verb.
 *
 * <p>Absent attributes are empty strings: {@code namespace} empty means cluster-scoped or all
 * namespaces; {@code nonResourcePath} is set only for non-resource requests.
 */
public record ApiRequest(
    String verb,
    String apiGroup,
    String resource,
    String subresource,
    String namespace,
    String name,
    String nonResourcePath) {

  public static final Comparator<ApiRequest> ORDER =
      Comparator.comparing(ApiRequest::nonResourcePath)
          .thenComparing(ApiRequest::apiGroup)
          .thenComparing(ApiRequest::resource)
          .thenComparing(ApiRequest::subresource)
          .thenComparing(ApiRequest::namespace)
          .thenComparing(ApiRequest::verb)
          .thenComparing(ApiRequest::name);

  /** Subresources of a Namespace itself, rather than resources inside it. */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  public ApiRequest {
    for (String attribute :
        new String[] {verb, apiGroup, resource, subresource, namespace, name, nonResourcePath}) {
      if (attribute == null) {
        throw new IllegalArgumentException("attributes are empty, not null");
      }
    }
  }

  public static ApiRequest resource(
      String verb,
      String apiGroup,
      String resource,
      String subresource,
      String namespace,
      String name) {
    return new ApiRequest(verb, apiGroup, resource, subresource, namespace, name, "");
  }

  public static ApiRequest nonResource(String verb, String path) {
    return new ApiRequest(verb, "", "", "", "", "", path);
  }

  /**
   * @param pathAndQuery the request target, e.g. {@code
   *     /apis/apps/v1/namespaces/default/deployments?watch=true}
   */
  public static ApiRequest parse(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    Map<String, String> query = q < 0 ? Map.of() : query(pathAndQuery.substring(q + 1));
    String[] parts = path.replaceAll("^/+|/+$", "").split("/+");
    int prefix;
    String group;
    if (parts.length >= 3 && parts[0].equals("api")) {
      prefix = 2;
      group = "";
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      prefix = 3;
      group = parts[1];
    } else {
      return nonResource(method.toLowerCase(Locale.ROOT), path.isEmpty() ? "/" : path);
    }
    String verb =
        switch (method.toUpperCase(Locale.ROOT)) {
          case "POST" -> "create";
          case "GET", "HEAD" -> "get";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> "delete";
          default -> method.toLowerCase(Locale.ROOT);
        };
    int i = prefix;
    if (parts[i].equals("watch")) { // the deprecated /watch/ path prefix
      verb = "watch";
      i++;
    }
    String namespace = "";
    if (i < parts.length && parts[i].equals("namespaces")) {
      if (i + 1 < parts.length) {
        namespace = parts[i + 1];
        if (i + 2 < parts.length && !NAMESPACE_SUBRESOURCES.contains(parts[i + 2])) {
          i += 2;
        }
      }
    }
    String resource = i < parts.length ? parts[i] : "";
    String name = i + 1 < parts.length ? parts[i + 1] : "";
    String subresource = i + 2 < parts.length ? parts[i + 2] : "";
    if (name.isEmpty()) {
      if (verb.equals("get")) {
        verb = "list";
      } else if (verb.equals("delete")) {
        verb = "deletecollection";
      }
    }
    if (verb.equals("get") || verb.equals("list")) {
      String watch = query.getOrDefault("watch", "");
      if (watch.equals("true") || watch.equals("1")) {
        verb = "watch";
      }
    }
    if ((verb.equals("list") || verb.equals("watch")) && name.isEmpty()) {
      name = nameFromFieldSelector(query.getOrDefault("fieldSelector", ""));
    }
    return resource(verb, group, resource, subresource, namespace, name);
  }

  @JsonIgnore // derived, not an attribute of the record
  public boolean isResourceRequest() {
    return nonResourcePath.isEmpty();
  }

  /** {@code resource/subresource}, the form RBAC rules name a subresource by. */
  public String qualifiedResource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }

  @Override
  public String toString() {
    if (!isResourceRequest()) {
      return verb + " " + nonResourcePath;
    }
    return verb
        + " "
        + (apiGroup.isEmpty() ? "core" : apiGroup)
        + "/"
        + qualifiedResource()
        + (name.isEmpty() ? "" : " " + name)
        + (namespace.isEmpty() ? " (cluster-wide)" : " in " + namespace);
  }

  private static Map<String, String> query(String query) {
    Map<String, String> values = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      values.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  /** {@code metadata.name=x} (alone or among other selectors) narrows a list to {@code x}. */
  private static String nameFromFieldSelector(String selector) {
    for (String term : selector.split(",")) {
      String t = term.trim();
      for (String op : new String[] {"==", "="}) {
        if (t.startsWith("metadata.name" + op)) {
          return t.substring(("metadata.name" + op).length());
        }
      }
    }
    return "";
  }
}
