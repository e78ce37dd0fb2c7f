package io.switchboard.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Runs an Argo CD resource health script the way Argo CD does: the resource as the global {@code
 * obj} (JSON objects and arrays as Lua tables), the chunk's return value read as {@code {status,
 * message}}. Only the base, table, string and math libraries are opened, as in Argo CD's sandbox: a
 * script that reaches for io or os fails here too.
 */
final class LuaHealthCheck {

  record Health(String status, String message) {}

  /** The chart's one script, which every switchboard.io kind's health key carries. */
  static final String SCRIPT = "switchboard-health.lua";

  private final String name;
  private final String script;
  private final String kind;
  private final YAMLMapper yaml = new YAMLMapper();

  LuaHealthCheck(Path file, String kind) {
    try {
      this.name = file.getFileName() + " (" + kind + ")";
      this.script = Files.readString(file);
      this.kind = kind;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped script as Argo CD runs it for a resource of {@code kind}. */
  static LuaHealthCheck forKind(ChartLocation chart, String kind) {
    return new LuaHealthCheck(chart.argoCdHealthCheck(SCRIPT), kind);
  }

  Health evaluate(String resourceYaml) {
    try {
      return evaluate(yaml.readTree(resourceYaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Argo CD always hands the script a whole object; the examples here may leave {@code kind} out,
   * so it is filled in from the key this check stands for.
   */
  Health evaluate(JsonNode resource) {
    Globals globals = sandbox();
    LuaValue obj = toLua(resource);
    if (obj.istable() && obj.get("kind").isnil()) {
      obj.set("kind", kind);
    }
    globals.set("obj", obj);
    LuaValue result = globals.load(script, name).call();
    if (!result.istable()) {
      throw new IllegalStateException(name + " returned " + result.typename() + ", not a table");
    }
    return new Health(
        result.get("status").optjstring(null), result.get("message").optjstring(null));
  }

  @Override
  public String toString() {
    return name;
  }

  private static Globals sandbox() {
    Globals globals = new Globals();
    globals.load(new JseBaseLib());
    globals.load(new PackageLib());
    globals.load(new Bit32Lib());
    globals.load(new TableLib());
    globals.load(new StringLib());
    globals.load(new JseMathLib());
    LoadState.install(globals);
    LuaC.install(globals);
    return globals;
  }

  private static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.longValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    return LuaValue.valueOf(node.asText());
  }
}
