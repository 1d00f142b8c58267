package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PidLineFilterTest {

  private final ByteArrayOutputStream rest = new ByteArrayOutputStream();
  private final PidLineFilter filter = new PidLineFilter(rest);

  @Test
  void takesThePidLineAndPassesTheRest() throws IOException {
    write("RSA-PID 123");
    assertThat(filter.pid()).isEqualTo(-1);
    write("45\nhello\n");
    write("world");

    assertThat(filter.pid()).isEqualTo(12345);
    assertThat(text()).isEqualTo("hello\nworld");
  }

  @Test
  void linesFromRcFilesBeforeThePidArePassedOn() throws IOException {
    write("Welcome!\n" + "x".repeat(100) + "\nRSA-PID 77\nout");

    assertThat(filter.pid()).isEqualTo(77);
    assertThat(text()).isEqualTo("Welcome!\n" + "x".repeat(100) + "\nout");
  }

  @Test
  void aPidLaterInTheOutputIsNotTaken() throws IOException {
    write("a".repeat(PidLineFilter.SCAN_LIMIT) + "\nRSA-PID 77\n");

    assertThat(filter.pid()).isEqualTo(-1);
    assertThat(text()).isEqualTo("a".repeat(PidLineFilter.SCAN_LIMIT) + "\nRSA-PID 77\n");
  }

  @Test
  void outputWithoutAnyPidLineArrivesWhole() throws IOException {
    write("no newline at all");
    filter.close();

    assertThat(filter.pid()).isEqualTo(-1);
    assertThat(text()).isEqualTo("no newline at all");
  }

  @Test
  void pidsZeroAndOneAreNeverTaken() throws IOException {
    // A kill of process group 0 or 1 would hit the wrong processes.
    write("RSA-PID 1\nRSA-PID 0\nRSA-PID x\n");

    assertThat(filter.pid()).isEqualTo(-1);
    assertThat(text()).isEqualTo("RSA-PID 1\nRSA-PID 0\nRSA-PID x\n");
  }

  private void write(String s) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
    filter.write(bytes, 0, bytes.length);
  }

  private String text() {
    return rest.toString(StandardCharsets.US_ASCII);
  }
}
