package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PidLineFilterTest {

  @Test
  void takesThePidLineAndPassesTheRest() throws IOException {
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    PidLineFilter filter = new PidLineFilter(rest);

    write(filter, "123");
    assertThat(filter.pid()).isEqualTo(-1);
    write(filter, "45\nhello\n");
    write(filter, "world");

    assertThat(filter.pid()).isEqualTo(12345);
    assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo("hello\nworld");
  }

  @Test
  void aFirstLineThatIsNoPidIsPassedOn() throws IOException {
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    PidLineFilter filter = new PidLineFilter(rest);

    write(filter, "motd\nrest");

    assertThat(filter.pid()).isEqualTo(-1);
    assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo("motd\nrest");
  }

  @Test
  void aLongFirstLineIsPassedOnUnchanged() throws IOException {
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    PidLineFilter filter = new PidLineFilter(rest);
    String line = "0123456789".repeat(5) + "\n";

    write(filter, line);

    assertThat(filter.pid()).isEqualTo(-1);
    assertThat(rest.toString(StandardCharsets.US_ASCII)).isEqualTo(line);
  }

  @Test
  void pidsZeroAndOneAreNeverTaken() throws IOException {
    // A kill of process group 0 or 1 would hit the wrong processes.
    PidLineFilter filter = new PidLineFilter(new ByteArrayOutputStream());
    write(filter, "1\n");
    assertThat(filter.pid()).isEqualTo(-1);
  }

  private static void write(PidLineFilter filter, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    filter.write(bytes, 0, bytes.length);
  }
}
