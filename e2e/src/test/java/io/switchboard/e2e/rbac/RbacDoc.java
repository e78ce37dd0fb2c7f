package io.switchboard.e2e.rbac;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.switchboard.e2e.local.ApiRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's permission tables of docs/rbac.md ({@code | API group | resources | verbs | why
 * |}), one {@link Permission} per group, resource and verb, each with the scope its section names:
 * "in each watched namespace" or "release namespace only". Resource cells name resources in
 * backticks; {@code (resourceNames: `a`)} limits the row to those names, where {@code <release>}
 * stands for the release name.
 */
public record RbacDoc(List<Permission> permissions) {

  public enum Scope {
    WATCHED_NAMESPACES,
    RELEASE_NAMESPACE
  }

  /** One verb on one resource, as documented or as granted. */
  public record Permission(
      Scope scope, String apiGroup, String resource, String verb, Set<String> resourceNames)
      implements Comparable<Permission> {

    public Permission {
      resourceNames = Set.copyOf(new TreeSet<>(resourceNames));
    }

    /** Whether this permission is what {@code request} used, in a namespace of its scope. */
    public boolean covers(ApiRequest request, Scope requestScope) {
      return scope == requestScope
          && request.isResourceRequest()
          && apiGroup.equals(request.apiGroup())
          && resource.equals(request.qualifiedResource())
          && verb.equals(request.verb())
          && (resourceNames.isEmpty() || resourceNames.contains(request.name()));
    }

    @Override
    public int compareTo(Permission o) {
      return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
      return scope
          + ": "
          + verb
          + " "
          + (apiGroup.isEmpty() ? "core" : apiGroup)
          + "/"
          + resource
          + (resourceNames.isEmpty() ? "" : " " + new TreeSet<>(resourceNames));
    }
  }

  private static final String HEADER = "| API group | resources | verbs | why |";
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]*)`");

  public static RbacDoc read(Path file, String fullname) throws IOException {
    List<Permission> permissions = new ArrayList<>();
    Scope scope = null;
    boolean inTable = false;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("## ")) {
        scope = scopeOf(line);
        inTable = false;
      } else if (line.trim().equals(HEADER)) {
        if (scope == null) {
          throw new IllegalStateException(
              file + ": a permission table under a heading that names no scope");
        }
        inTable = true;
      } else if (inTable && line.startsWith("|---")) {
        continue;
      } else if (inTable && line.startsWith("|")) {
        permissions.addAll(row(scope, line, fullname, file));
      } else {
        inTable = false;
      }
    }
    return new RbacDoc(permissions);
  }

  /** Permissions the way the chart's rules grant them, in the same shape. */
  public static List<Permission> of(Scope scope, PolicyRule rule) {
    List<Permission> permissions = new ArrayList<>();
    Set<String> names =
        rule.getResourceNames() == null ? Set.of() : Set.copyOf(rule.getResourceNames());
    for (String group : rule.getApiGroups()) {
      for (String resource : rule.getResources()) {
        for (String verb : rule.getVerbs()) {
          permissions.add(new Permission(scope, group, resource, verb, names));
        }
      }
    }
    return permissions;
  }

  private static Scope scopeOf(String heading) {
    if (heading.contains("each watched namespace")) {
      return Scope.WATCHED_NAMESPACES;
    }
    if (heading.contains("release namespace only")) {
      return Scope.RELEASE_NAMESPACE;
    }
    return null;
  }

  private static List<Permission> row(Scope scope, String line, String fullname, Path file) {
    String[] cells = line.split("\\|");
    // cells[0] is the empty text before the first pipe
    if (cells.length < 5) {
      throw new IllegalStateException(file + ": not a permission row: " + line);
    }
    List<String> groups = backticked(cells[1]);
    if (groups.size() != 1) {
      throw new IllegalStateException(file + ": one API group in backticks expected: " + line);
    }
    String group = groups.get(0).equals("\"\"") ? "" : groups.get(0);
    String resourcesCell = cells[2];
    int namesAt = resourcesCell.indexOf("resourceNames:");
    List<String> resources =
        backticked(namesAt < 0 ? resourcesCell : resourcesCell.substring(0, namesAt));
    Set<String> names = new TreeSet<>();
    if (namesAt >= 0) {
      for (String name : backticked(resourcesCell.substring(namesAt))) {
        names.add(name.replace("<release>-switchboard", fullname));
      }
    }
    if (resources.isEmpty()) {
      throw new IllegalStateException(file + ": no resource in backticks: " + line);
    }
    List<Permission> permissions = new ArrayList<>();
    for (String verb : cells[3].split(",")) {
      for (String resource : resources) {
        permissions.add(new Permission(scope, group, resource, verb.trim(), names));
      }
    }
    return permissions;
  }

  private static List<String> backticked(String text) {
    List<String> values = new ArrayList<>();
    Matcher m = BACKTICKED.matcher(text);
    while (m.find()) {
      values.add(m.group(1));
    }
    return values;
  }
}
