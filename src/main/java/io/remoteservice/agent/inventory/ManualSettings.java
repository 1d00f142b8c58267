package io.remoteservice.agent.inventory;

/**
 * A pool whose load balancer has only a GUI: a person does each step.
 *
 * @param console      where the person finds the pool (URL or description)
 * @param instructions how the pool is edited there, in the console's own words
 */
public record ManualSettings(String console, String instructions) {}
