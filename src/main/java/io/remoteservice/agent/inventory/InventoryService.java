package io.remoteservice.agent.inventory;

import io.remoteservice.agent.config.RsaProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The inventory the agent works with. Loaded from {@code rsa.inventory} at start-up (an invalid file stops
 * start-up with every problem listed) and reloaded when the file changes; a reload that fails keeps the
 * last good inventory, so that a typo never empties the agent's view of the fleet.
 */
@Service
public class InventoryService {

  private static final Logger log = LoggerFactory.getLogger(InventoryService.class);

  private final Path file;
  private final InventoryLoader loader = new InventoryLoader();
  private volatile Inventory current;
  private volatile FileTime loadedModified;
  private volatile List<Problem> lastProblems = List.of();

  public InventoryService(RsaProperties properties) {
    this.file = properties.inventory();
    if (file == null) {
      log.info("rsa.inventory (RSA_INVENTORY) is not set: the inventory is empty, no server can be maintained");
      current = Inventory.empty();
      return;
    }
    FileTime modified = modified();
    try {
      current = loader.load(file);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the inventory " + file.toAbsolutePath() + ": " + e.getMessage()
          + "; fix rsa.inventory (RSA_INVENTORY)", e);
    } catch (InventoryException e) {
      throw new IllegalStateException("the inventory " + file.toAbsolutePath() + " is invalid. " + e.getMessage(), e);
    }
    loadedModified = modified;
    log.info("Loaded {}", current);
  }

  /** The last good inventory. */
  public Inventory current() {
    return current;
  }

  /** The problems of the last failed reload; empty when the last load succeeded. */
  public List<Problem> lastProblems() {
    return lastProblems;
  }

  /**
   * Reads the file again. On success the new inventory replaces the old; on failure the old one stays
   * and the problems are logged and returned.
   *
   * @return the problems; empty when the reload succeeded
   */
  public synchronized List<Problem> reload() {
    if (file == null) {
      return List.of();
    }
    FileTime modified = modified();
    try {
      Inventory loaded = loader.load(file);
      current = loaded;
      loadedModified = modified;
      lastProblems = List.of();
      log.info("Reloaded {}", loaded);
      return List.of();
    } catch (IOException e) {
      lastProblems = List.of(new Problem(file.toString(), "top level", "", "cannot read the file: " + e.getMessage()));
    } catch (InventoryException e) {
      lastProblems = e.problems();
    }
    // Remember the failed version too: it is reported once, not on every check.
    loadedModified = modified;
    log.error("Inventory reload failed; keeping the last good inventory ({}). {}", current,
        new InventoryException(lastProblems).getMessage());
    return lastProblems;
  }

  /** Reloads when the file's modification time changed since the last load. */
  @Scheduled(fixedDelayString = "${rsa.inventory-reload-check:PT30S}",
      initialDelayString = "${rsa.inventory-reload-check:PT30S}")
  public void reloadIfChanged() {
    if (file != null) {
      FileTime modified = modified();
      if (modified != null && !modified.equals(loadedModified)) {
        reload();
      }
    }
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }
}
