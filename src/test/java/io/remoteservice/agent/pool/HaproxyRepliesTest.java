package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remoteservice.agent.pool.HaproxyReplies.ServerRow;
import io.remoteservice.agent.pool.HaproxyReplies.StatRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HaproxyRepliesTest {

  static final String SOCKET = "tcp:127.0.0.1:9999";

  static String fixture(String name) throws IOException {
    try (InputStream in = HaproxyRepliesTest.class.getResourceAsStream("/haproxy/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void parsesShowStatOfHaproxy26() throws IOException {
    List<StatRow> rows = HaproxyReplies.stat(fixture("show-stat-2.6.csv"), SOCKET);
    assertThat(rows).containsExactly(
        new StatRow("be_portal", "ts01", 0, "DOWN", 1),
        new StatRow("be_portal", "ts02", 0, "DOWN", 1));
  }

  @Test
  void readsScurStatusAndWeightFromFields5_18_19() {
    String header = "# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,"
        + "status,weight,act,\n";
    String reply = header + "be,a,0,0,7,9,,100,0,0,,0,,0,0,0,0,DRAIN,0,1,\n"
        + "be,b,0,0,2,9,,100,0,0,,0,,0,0,0,0,UP,100,1,\n"
        + "be,BACKEND,0,0,9,9,,100,0,0,,0,,0,0,0,0,UP,100,1,\n\n";
    assertThat(HaproxyReplies.stat(reply, SOCKET)).containsExactly(
        new StatRow("be", "a", 7, "DRAIN", 0), new StatRow("be", "b", 2, "UP", 100));
  }

  @Test
  void rejectsWhatIsNotStatCsv() {
    assertThatThrownBy(() -> HaproxyReplies.stat("Permission denied\n", SOCKET))
        .isInstanceOf(PoolDriverException.class).hasMessageContaining(SOCKET).hasMessageContaining("Permission denied");
    assertThatThrownBy(() -> HaproxyReplies.stat("", SOCKET)).hasMessageContaining("empty reply");
    assertThatThrownBy(() -> HaproxyReplies.stat("# pxname,svname,scur,status,weight\nbe,a,x,UP,1\n", SOCKET))
        .hasMessageContaining("unexpected numbers");
  }

  @Test
  void parsesShowServersState() {
    String reply = "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight\n"
        + "3 be_portal 1 ts01 127.0.0.1 2 8 1 1 3\n3 be_portal 2 ts02 127.0.0.1 0 1 1 1 3\n\n";
    Map<String, ServerRow> rows = HaproxyReplies.serversState(reply, SOCKET, "be_portal");
    assertThat(rows.get("ts01")).isEqualTo(new ServerRow("be_portal", 1, "ts01", 2, 8));
    assertThat(rows.get("ts01").has(AdminState.DRAIN)).isTrue();
    assertThat(rows.get("ts01").has(AdminState.MAINT)).isFalse();
    assertThat(rows.get("ts01").down()).isFalse();
    assertThat(rows.get("ts02").has(AdminState.MAINT)).isTrue();
    assertThat(rows.get("ts02").down()).isTrue();
  }

  @Test
  void anUnknownBackendIsAnErrorNamingSocketAndBackend() {
    assertThatThrownBy(() -> HaproxyReplies.serversState("Can't find backend.\n\n", SOCKET, "be_x"))
        .isInstanceOf(PoolDriverException.class)
        .hasMessageContaining(SOCKET).hasMessageContaining("be_x").hasMessageContaining("Can't find backend.");
  }

  @Test
  void anEmptyLineIsSuccessAnyTextIsAnError() {
    HaproxyReplies.expectEmpty("\n", SOCKET, "be_portal", "ts01", "set server be_portal/ts01 state drain");
    HaproxyReplies.expectEmpty("", SOCKET, "be_portal", "ts01", "set server be_portal/ts01 state drain");
    assertThatThrownBy(() -> HaproxyReplies.expectEmpty("No such server.\n\n", SOCKET, "be_portal", "nope",
        "set server be_portal/nope state drain"))
        .isInstanceOf(PoolDriverException.class)
        .hasMessage("HAProxy at tcp:127.0.0.1:9999 refused 'set server be_portal/nope state drain' (backend"
            + " be_portal, server nope): No such server.");
  }

  @Test
  void countsStickTableEntries() {
    assertThat(HaproxyReplies.table("# table: be_portal, type: ip, size:1024, used:0\n\n", SOCKET, "be_portal")
        .keys()).isEmpty();
    assertThat(HaproxyReplies.table("# table: be_portal, type: ip, size:1024, used:2\n"
        + "0x55d0c8: key=127.0.0.1 use=1 exp=599000 server_id=1\n0x55d0c9: key=127.0.0.2 use=0 exp=1 server_id=1\n",
        SOCKET, "be_portal").keys()).hasSize(2);
    assertThatThrownBy(() -> HaproxyReplies.table("No such table\n\n", SOCKET, "t"))
        .hasMessageContaining("No such table").hasMessageContaining("haproxy.table");
  }

  @Test
  void readsTableKeysAndSessionSources() {
    HaproxyReplies.Table t = HaproxyReplies.table("# table: be_portal, type: ip, size:102400, used:2\n"
        + "0x55d0c8: key=127.0.39.1 use=0 exp=1799000 server_id=1\n"
        + "0x55d0c9: key=127.0.39.2 use=0 exp=1799000 server_id=1\n\n", SOCKET, "be_portal");
    assertThat(t.type()).isEqualTo("ip");
    assertThat(t.keys()).containsExactly("127.0.39.1", "127.0.39.2");
    String sess = "0x5600: proto=tcpv4 src=127.0.39.1:41234 fe=fe_portal be=be_portal srv=portal-01 ts=00 age=3s\n"
        + "0x5601: proto=tcpv4 src=127.0.39.7:41000 fe=fe_portal be=be_portal srv=portal-02 ts=00 age=1s\n"
        + "0x5602: proto=tcpv6 src=[::1]:5000 fe=fe_portal be=be_portal srv=portal-01 ts=00\n"
        + "0x5603: proto=tcpv4 src=127.0.0.1:5000 fe=GLOBAL be=<NONE> srv=<none> ts=00\n";
    assertThat(HaproxyReplies.sessionSources(sess, "be_portal", "portal-01")).containsExactly("127.0.39.1", "::1");
  }

  @Test
  void mapsHaproxyStatuses() {
    assertThat(LbStatus.ofHaproxy("UP")).isEqualTo(LbStatus.UP);
    assertThat(LbStatus.ofHaproxy("UP 1/3")).isEqualTo(LbStatus.UP);
    assertThat(LbStatus.ofHaproxy("no check")).isEqualTo(LbStatus.UP);
    assertThat(LbStatus.ofHaproxy("DOWN 1/2")).isEqualTo(LbStatus.DOWN);
    assertThat(LbStatus.ofHaproxy("DRAIN")).isEqualTo(LbStatus.DRAIN);
    assertThat(LbStatus.ofHaproxy("NOLB")).isEqualTo(LbStatus.DRAIN);
    assertThat(LbStatus.ofHaproxy("MAINT (via)")).isEqualTo(LbStatus.MAINT);
    assertThat(LbStatus.ofHaproxy("???")).isEqualTo(LbStatus.UNKNOWN);
  }

  @Test
  void aPairIsOnlyUpWhenBothSayUpAndShowsTheWorst() {
    ServerState s = new ServerState("ts01", "ts01", List.of(
        new LbState("a", LbStatus.UP, "UP", 2, 100, null), new LbState("b", LbStatus.MAINT, "MAINT", 1, 0, null)));
    assertThat(s.status()).isEqualTo(LbStatus.MAINT);
    assertThat(s.up()).isFalse();
    assertThat(s.reportedUnavailable()).isTrue();
    assertThat(s.sessions()).isEqualTo(3);
    ServerState half = new ServerState("ts01", "ts01", List.of(
        new LbState("a", LbStatus.UP, "UP", 2, 100, null), LbState.error("b", "timeout")));
    assertThat(half.sessions()).isNull();
    assertThat(half.status()).isEqualTo(LbStatus.UNKNOWN);
    assertThat(half.errors()).containsExactly("b: timeout");
  }
}
