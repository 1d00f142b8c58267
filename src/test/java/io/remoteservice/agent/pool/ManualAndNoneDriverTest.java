package io.remoteservice.agent.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.remoteservice.agent.inventory.Inventory;
import io.remoteservice.agent.inventory.Server;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManualAndNoneDriverTest {

  @TempDir
  Path dir;

  Inventory inventory() {
    return TestInventories.load(dir, """
        pools:
          - id: ts
            customer: acme
            driver: manual
            manual: { console: "https://lb.acme.example/pools/ts", instructions: "Pencil icon, (de)select, Save" }
          - { id: solo, customer: acme, driver: none }
        servers:
          - { id: ts01, pool: ts, host: 10.2.0.1, lbName: TS-01 }
          - { id: ts02, pool: ts, host: 10.2.0.2, lbName: TS-02 }
          - { id: solo01, pool: solo, host: 10.4.0.1 }
        """);
  }

  @Test
  void everyManualVerbDescribesTheStepForAPerson() {
    Inventory inv = inventory();
    PoolDriver driver = new PoolDrivers().forPool(inv.pool("ts").orElseThrow());
    Server ts01 = inv.server("ts01").orElseThrow();
    for (ActionResult r : new ActionResult[] {driver.drain(ts01), driver.disable(ts01), driver.enable(ts01),
        driver.clearSticky(ts01)}) {
      assertThat(r.kind()).isEqualTo(ActionResult.Kind.PERSON_MUST_ACT);
      assertThat(r.step().console()).isEqualTo("https://lb.acme.example/pools/ts");
      assertThat(r.step().instructions()).isEqualTo("Pencil icon, (de)select, Save");
      assertThat(r.step().lbName()).isEqualTo("TS-01");
      assertThat(r.step().action()).contains("'TS-01'").contains("ts01");
    }
    assertThat(driver.drain(ts01).step().action()).contains("deselect").contains("powered off");
    assertThat(driver.enable(ts01).step().action()).contains("select 'TS-01'").contains("again and save");
    assertThat(driver.clearSticky(ts01).step().action()).contains("sticky sessions");
    assertThat(driver.sessions(ts01).known()).isFalse();
    assertThat(driver.state(ts01).status()).isEqualTo(LbStatus.UNKNOWN);
    assertThat(driver.state(ts01).errors()).isEmpty();
  }

  @Test
  void theNoneDriverSucceedsTriviallyAndSaysSo() {
    Inventory inv = inventory();
    PoolDriver driver = new PoolDrivers().forPool(inv.pool("solo").orElseThrow());
    Server solo = inv.server("solo01").orElseThrow();
    assertThat(driver.drain(solo).kind()).isEqualTo(ActionResult.Kind.NOTHING_TO_DO);
    assertThat(driver.disable(solo).summary()).contains("no load balancer (driver none)");
    assertThat(driver.enable(solo).kind()).isEqualTo(ActionResult.Kind.NOTHING_TO_DO);
    assertThat(driver.clearSticky(solo).kind()).isEqualTo(ActionResult.Kind.NOTHING_TO_DO);
    assertThat(driver.sessions(solo).count()).isZero();
    assertThat(driver.state(solo).status()).isEqualTo(LbStatus.NO_LB);
    assertThat(driver.state(solo).up()).isTrue();
    assertThat(driver.reconcile(java.util.Map.of(solo, AdminState.MAINT)).fixed()).isEmpty();
  }
}
