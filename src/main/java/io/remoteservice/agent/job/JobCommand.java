package io.remoteservice.agent.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.remoteservice.agent.cli.CommandLine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code job check DIR [--json]}: validates a job package without a server or a database. Exit 0 valid
 * (id, version, title, digest, variant table), 2 invalid (every problem with file and field), 1 usage
 * or I/O error. The JSON shape is documented in docs/job-packages.md.
 */
public final class JobCommand implements CommandLine.Command {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      usage(args.length == 0 ? err : out);
      return args.length == 0 ? CommandLine.USAGE_OR_IO : CommandLine.OK;
    }
    if (!args[0].equals("check")) {
      err.println("Unknown job command '" + args[0] + "'.");
      usage(err);
      return CommandLine.USAGE_OR_IO;
    }
    boolean json = false;
    List<String> dirs = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--json")) {
        json = true;
      } else if (args[i].startsWith("-")) {
        err.println("Unknown option '" + args[i] + "'.");
        usage(err);
        return CommandLine.USAGE_OR_IO;
      } else {
        dirs.add(args[i]);
      }
    }
    if (dirs.size() != 1) {
      err.println(dirs.isEmpty() ? "Which package? Give its directory." : "Give exactly one package directory.");
      usage(err);
      return CommandLine.USAGE_OR_IO;
    }
    return check(Path.of(dirs.get(0)), json, out, err);
  }

  private static int check(Path dir, boolean json, PrintStream out, PrintStream err) {
    try {
      JobPackage pkg = JobPackage.load(dir);
      out.print(json ? toJson(valid(dir, pkg)) : text(dir, pkg));
      return CommandLine.OK;
    } catch (InvalidJobPackageException e) {
      out.print(json ? toJson(invalid(dir, e.problems())) : text(dir, e.problems()));
      return CommandLine.INVALID;
    } catch (NoSuchFileException e) {
      err.println("error: " + e.getFile() + " does not exist; give the directory of a job package");
      return CommandLine.USAGE_OR_IO;
    } catch (NotDirectoryException e) {
      err.println("error: " + e.getFile() + " is not a directory; give the directory of a job package");
      return CommandLine.USAGE_OR_IO;
    } catch (IOException e) {
      err.println("error: cannot read job package " + dir + ": " + e);
      return CommandLine.USAGE_OR_IO;
    }
  }

  private static String text(Path dir, JobPackage pkg) {
    Manifest m = pkg.manifest();
    StringBuilder s = new StringBuilder();
    s.append("Job package ").append(dir).append(" is valid.\n");
    s.append("id:       ").append(m.id()).append('\n');
    s.append("version:  ").append(m.version()).append('\n');
    s.append("title:    ").append(m.title()).append('\n');
    s.append("digest:   ").append(pkg.digest()).append('\n');
    s.append("files:    ").append(pkg.fileEntries().size()).append(", ").append(pkg.totalBytes()).append(" bytes\n");
    s.append("timeouts: autoAction ").append(m.timeouts().autoAction()).append(", failureRevert ")
        .append(m.timeouts().failureRevert()).append('\n');
    if (!m.requires().isEmpty()) {
      s.append("requires: ").append(String.join(", ", m.requires())).append('\n');
    }
    if (!m.parameters().isEmpty()) {
      s.append("parameters (defaults; the inventory's vars override them):\n");
      m.parameters().forEach((k, v) -> s.append("  ").append(k).append(" = ").append(v.isEmpty() ? "\"\"" : v)
          .append("   (").append(RunEnvironment.parameterVariable(k)).append(")\n"));
    }
    s.append(pkg.variantTableText());
    s.append("Variants are searched: server id, OS-RELEASE-ARCH, OS-RELEASE, OS-ARCH, OS, family, generic.\n");
    return s.toString();
  }

  private static String text(Path dir, List<Problem> problems) {
    StringBuilder s = new StringBuilder();
    s.append("Job package ").append(dir).append(" is invalid: ").append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems").append('\n');
    for (Problem p : problems) {
      s.append("  ").append(p).append('\n');
    }
    return s.toString();
  }

  private static ObjectNode valid(Path dir, JobPackage pkg) {
    Manifest m = pkg.manifest();
    ObjectNode root = JSON.createObjectNode();
    root.put("valid", true);
    root.put("directory", dir.toString());
    root.put("id", m.id());
    root.put("version", m.version());
    root.put("title", m.title());
    root.put("digest", pkg.digest());
    ObjectNode timeouts = root.putObject("timeouts");
    timeouts.put("autoAction", m.timeouts().autoAction().toString());
    timeouts.put("failureRevert", m.timeouts().failureRevert().toString());
    ArrayNode requires = root.putArray("requires");
    m.requires().forEach(requires::add);
    ObjectNode params = root.putObject("parameters");
    m.parameters().forEach(params::put);
    ObjectNode variants = root.putObject("variants");
    for (ScriptKind kind : ScriptKind.values()) {
      ArrayNode rows = variants.putArray(kind.fileName());
      pkg.variantTable().stream().filter(r -> r.kind() == kind).forEach(r -> {
        ObjectNode row = rows.addObject();
        row.put("variant", r.variant());
        row.put("file", r.fileName());
      });
    }
    ArrayNode files = root.putArray("files");
    pkg.fileEntries().forEach(e -> {
      ObjectNode f = files.addObject();
      f.put("path", e.path());
      f.put("executable", e.executable());
      f.put("sha256", e.sha256());
    });
    root.putArray("problems");
    return root;
  }

  private static ObjectNode invalid(Path dir, List<Problem> problems) {
    ObjectNode root = JSON.createObjectNode();
    root.put("valid", false);
    root.put("directory", dir.toString());
    ArrayNode list = root.putArray("problems");
    for (Problem p : problems) {
      ObjectNode o = list.addObject();
      o.put("file", p.file());
      o.put("field", p.field());
      o.put("line", p.line());
      o.put("column", p.column());
      o.put("message", p.message());
    }
    return root;
  }

  private static String toJson(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  private static void usage(PrintStream out) {
    out.println("Usage: java -jar remote-service-agent.jar job check DIR [--json]");
    out.println("  Validates the job package in DIR; prints id, version, title, digest and the variant table.");
    out.println("  --json  the same as a JSON document");
    out.println("Exit codes: 0 valid, 2 invalid (every problem listed), 1 usage or I/O error.");
  }
}
