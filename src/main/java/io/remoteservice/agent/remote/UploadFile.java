package io.remoteservice.agent.remote;

import java.nio.file.Path;

/**
 * One file to upload into a run directory.
 *
 * @param relativePath where it goes, relative to the run directory, {@code /}-separated
 * @param localFile    the file to send
 * @param executable   whether it gets mode 0755 (else 0644)
 */
public record UploadFile(String relativePath, Path localFile, boolean executable) {

  public UploadFile {
    requireRelative(relativePath);
    if (localFile == null) {
      throw new IllegalArgumentException("upload of " + relativePath + ": local file is missing");
    }
  }

  static void requireRelative(String path) {
    if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
        || path.contains("\0") || path.contains("\n") || path.contains("\r")) {
      throw new IllegalArgumentException("path '" + path + "' must be relative, with / separators and "
          + "no control characters");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("path '" + path + "' must not contain empty, . or .. parts");
      }
    }
    if (RunSlot.reserved(path)) {
      throw new IllegalArgumentException("path '" + path + "' is reserved for the agent's run state");
    }
  }
}
