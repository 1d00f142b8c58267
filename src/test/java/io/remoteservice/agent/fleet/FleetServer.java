package io.remoteservice.agent.fleet;

import io.remoteservice.agent.demo.HttpBackend;
import java.nio.file.Path;
import java.util.Map;

/**
 * One simulated server of a site: its own loopback address and directory tree.
 *
 * @param id       the server id of the inventory ({@code portal-01})
 * @param pool     the pool it stands in
 * @param host     its loopback address; SSH, the HTTP backend and {@code SSH_CONNECTION} all show it
 * @param lbName   its name in the HAProxy backend (equal to the id)
 * @param lbId     its pinned HAProxy server id ({@code id N}; {@code data.server_id eq N} in stick tables)
 * @param home     its own directory; nothing of another server or of the machine is under it
 * @param runRoot  where the agent makes run directories ({@code home/run})
 * @param files    the server's own files ({@code home/files}), e.g. its portal configuration
 * @param vars     its parameter values for the inventory ({@code portal_config} points under {@code files})
 * @param backend  its HTTP backend behind HAProxy, or null in a pool without load balancer
 */
public record FleetServer(String id, String pool, String host, String lbName, int lbId, Path home,
    Path runRoot, Path files, Map<String, String> vars, HttpBackend backend) {}
