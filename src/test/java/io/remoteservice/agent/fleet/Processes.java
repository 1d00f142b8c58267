package io.remoteservice.agent.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finding and ending the processes the fleet is responsible for. */
final class Processes {

  private Processes() {}

  /** Waits up to 5 s for the handles to end, then kills the rest. */
  static void awaitGone(ProcessHandle main, List<ProcessHandle> others) {
    List<ProcessHandle> all = new ArrayList<>(others);
    all.add(0, main);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle h : all) {
      long left = deadline - System.nanoTime();
      try {
        h.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
      }
    }
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // reported by leftovers(); nothing more can be done from here
      }
    }
  }

  /**
   * Processes that belong to a fleet directory: their command line names it or they run inside it. This
   * catches what escaped the process tree, such as a detached AutoAction that was re-parented to init.
   */
  static List<ProcessHandle> leftovers(Path root) {
    // With the separator, so that site1 does not also match site10.
    String dir = root.toAbsolutePath().toString();
    String marker = dir + "/";
    Set<Long> mine = Stream.concat(Stream.of(ProcessHandle.current()), ancestors())
        .map(ProcessHandle::pid).collect(Collectors.toSet());
    return ProcessHandle.allProcesses()
        .filter(h -> !mine.contains(h.pid()))
        .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false)
            || cwdUnder(h.pid(), dir))
        .toList();
  }

  /** Kills the leftovers of a fleet directory; returns what it found, for the report. */
  static List<String> killLeftovers(Path root) {
    List<ProcessHandle> found = leftovers(root);
    List<String> described = found.stream()
        .map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList();
    found.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle h : found) {
      try {
        h.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        // still listed by the caller's next check
      }
    }
    return described;
  }

  private static Stream<ProcessHandle> ancestors() {
    List<ProcessHandle> list = new ArrayList<>();
    ProcessHandle h = ProcessHandle.current();
    while (h.parent().isPresent()) {
      h = h.parent().get();
      list.add(h);
    }
    return list.stream();
  }

  private static boolean cwdUnder(long pid, String dir) {
    try {
      String cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd")).toString();
      return cwd.equals(dir) || cwd.startsWith(dir + "/");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  /**
   * The end of a site: kills whatever still runs in its directory (a detached AutoAction, say), removes the
   * directory, and fails when a process survives the kill.
   */
  static void clearAndRemove(String name, java.nio.file.Path root) {
    java.util.List<String> killed = killLeftovers(root);
    if (!killed.isEmpty()) {
      System.err.println("[fleet] " + name + ": killed processes left in " + root + ": " + killed);
    }
    java.util.List<ProcessHandle> alive = leftovers(root);
    Fleet.deleteTree(root);
    if (!alive.isEmpty()) {
      throw new IllegalStateException(name + ": processes survive the close: "
          + alive.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList());
    }
  }
}
