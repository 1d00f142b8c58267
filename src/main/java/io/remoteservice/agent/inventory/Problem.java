package io.remoteservice.agent.inventory;

/**
 * One thing wrong with an inventory file.
 *
 * @param file    the inventory file
 * @param entry   the entry, e.g. {@code pool 'portal'}, {@code server #3}, {@code top level}
 * @param field   the field within the entry, e.g. {@code capacity.maxUnavailable}; empty for the entry
 * @param message what is wrong and what to do
 */
public record Problem(String file, String entry, String field, String message) {

  @Override
  public String toString() {
    return file + ": " + entry + (field == null || field.isEmpty() ? "" : ", field " + field) + ": " + message;
  }
}
