package io.remoteservice.agent.pool;

/**
 * A pool step a person does in a GUI-only load balancer's console; the process shows it in a user task.
 *
 * @param verb         drain, disable, enable, clearSticky, sessions or state
 * @param console      where to act (from the inventory)
 * @param instructions how the console is used (from the inventory)
 * @param action       what to do for this server, e.g. "Deselect ts01 in pool portal and save"
 */
public record ManualStep(String verb, String pool, String serverId, String lbName, String host, String console,
                         String instructions, String action) {}
