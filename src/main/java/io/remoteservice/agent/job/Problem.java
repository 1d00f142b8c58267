package io.remoteservice.agent.job;

/**
 * One thing wrong with a job package. Validation collects all of them, so that an author fixes a
 * package in one round instead of one error per attempt.
 *
 * @param file    the file the problem is in, relative to the package ({@code job.yaml},
 *                {@code README.md}, {@code files/x.conf}); empty for the package as a whole
 * @param field   the manifest key ({@code timeouts.autoAction}), the variant ({@code AutoAction debian})
 *                or another name for the part of the file; empty when the whole file is meant
 * @param line    1-based line in {@code file}, 0 when not known
 * @param column  1-based column in {@code file}, 0 when not known
 * @param message what is wrong and what to do about it
 */
public record Problem(String file, String field, int line, int column, String message) {

  public Problem {
    file = file == null ? "" : file;
    field = field == null ? "" : field;
  }

  static Problem of(String file, String field, String message) {
    return new Problem(file, field, 0, 0, message);
  }

  /** {@code job.yaml:4:3: timeouts.autoAction: message}; parts that are unknown are left out. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(file.isEmpty() ? "(package)" : file);
    if (line > 0) {
      s.append(':').append(line);
      if (column > 0) {
        s.append(':').append(column);
      }
    }
    s.append(": ");
    if (!field.isEmpty()) {
      s.append(field).append(": ");
    }
    return s.append(message).toString();
  }
}
