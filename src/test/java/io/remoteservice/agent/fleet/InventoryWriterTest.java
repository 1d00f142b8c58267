package io.remoteservice.agent.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryWriterTest {

  private final SshAccess ssh = new SshAccess("maint", 2222, Path.of("/k/id_ed25519"), Path.of("/k/id_rsa"),
      Path.of("/k/known_hosts"), "ssh-ed25519 AAAA");
  private final PoolSpec batch = PoolSpec.none("batch", 1).customer("globex").capacity("50%", 0)
      .drain(Duration.ofMinutes(2), "abort");
  private final FleetServer server = new FleetServer("batch-01", "batch", "127.0.31.7", "batch-01", 1,
      Path.of("/f/batch-01"), Path.of("/f/batch-01/run"), Path.of("/f/batch-01/files"),
      Map.of("portal_config", "/f/batch-01/files/etc/portal/portal.conf"), null);

  private JsonNode parse(String yaml) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(yaml);
  }

  @Test
  void writesTheInventoryOfDesignMd() throws Exception {
    JsonNode inv = parse(new InventoryWriter(ssh, List.of(batch), List.of(server), List.of()).yaml());
    assertThat(inv.at("/ssh/user").asText()).isEqualTo("maint");
    assertThat(inv.at("/ssh/port").asInt()).isEqualTo(2222);
    assertThat(inv.at("/ssh/identity").asText()).isEqualTo("/k/id_ed25519");
    assertThat(inv.at("/ssh/knownHosts").asText()).isEqualTo("/k/known_hosts");
    assertThat(inv.at("/customers/0/id").asText()).isEqualTo("globex");
    assertThat(inv.at("/customers/0/contacts/0").asText()).isEqualTo("it-admin@globex.example");
    assertThat(inv.at("/pools/0/driver").asText()).isEqualTo("none");
    assertThat(inv.at("/pools/0/haproxy").isMissingNode()).isTrue();
    assertThat(inv.at("/pools/0/capacity/maxUnavailable").asText()).isEqualTo("50%");
    assertThat(inv.at("/pools/0/capacity/minAvailable").asInt()).isZero();
    assertThat(inv.at("/pools/0/drain/timeout").asText()).isEqualTo("PT2M");
    assertThat(inv.at("/pools/0/drain/onTimeout").asText()).isEqualTo("abort");
    assertThat(inv.at("/servers/0/id").asText()).isEqualTo("batch-01");
    assertThat(inv.at("/servers/0/host").asText()).isEqualTo("127.0.31.7");
    assertThat(inv.at("/servers/0/runRoot").asText()).isEqualTo("/f/batch-01/run");
    assertThat(inv.at("/servers/0/vars/portal_config").asText())
        .isEqualTo("/f/batch-01/files/etc/portal/portal.conf");
  }

  @Test
  void identityKnownHostsAndEditsCanBeChanged() throws Exception {
    @SuppressWarnings("unchecked")
    JsonNode inv = parse(new InventoryWriter(ssh, List.of(batch), List.of(server), List.of())
        .identity(ssh.rsaIdentity()).knownHosts(Path.of("/other/known_hosts"))
        .customize(t -> ((Map<String, Object>) t.get("ssh")).put("user", "nobody")).yaml());
    assertThat(inv.at("/ssh/identity").asText()).isEqualTo("/k/id_rsa");
    assertThat(inv.at("/ssh/knownHosts").asText()).isEqualTo("/other/known_hosts");
    assertThat(inv.at("/ssh/user").asText()).isEqualTo("nobody");
  }
}
