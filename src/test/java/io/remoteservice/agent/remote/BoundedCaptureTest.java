package io.remoteservice.agent.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedCaptureTest {

  @Test
  void shortOutputIsKeptWhole() {
    BoundedCapture capture = new BoundedCapture(new OutputLimit(8, 8));
    capture.write("hello\n".getBytes(StandardCharsets.US_ASCII), 0, 6);

    CapturedOutput out = capture.result();

    assertThat(out.truncated()).isFalse();
    assertThat(out.cutBytes()).isZero();
    assertThat(out.text()).isEqualTo("hello\n");
    assertThat(out.totalBytes()).isEqualTo(6);
  }

  @Test
  void outputThatJustFitsHeadAndTailIsNotCut() {
    BoundedCapture capture = new BoundedCapture(new OutputLimit(4, 4));
    byte[] data = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
    capture.write(data, 0, data.length);

    CapturedOutput out = capture.result();

    assertThat(out.truncated()).isFalse();
    assertThat(out.keptBytes()).isEqualTo(data);
  }

  @Test
  void floodKeepsHeadAndTailAndCountsTheCut() {
    BoundedCapture capture = new BoundedCapture(new OutputLimit(5, 3));
    byte[] data = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
    capture.write(data, 0, data.length);

    CapturedOutput out = capture.result();

    assertThat(out.head()).isEqualTo("01234".getBytes(StandardCharsets.US_ASCII));
    assertThat(out.tail()).isEqualTo("hij".getBytes(StandardCharsets.US_ASCII));
    assertThat(out.cutBytes()).isEqualTo(12);
    assertThat(out.totalBytes()).isEqualTo(20);
    assertThat(out.text()).isEqualTo("01234\n[... 12 bytes cut ...]\nhij");
  }

  @Test
  void anyChunkingGivesTheSameResultAsTheReference() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      int head = random.nextInt(20);
      int tail = random.nextInt(20);
      byte[] data = new byte[random.nextInt(120)];
      random.nextBytes(data);
      BoundedCapture capture = new BoundedCapture(new OutputLimit(head, tail));
      int at = 0;
      while (at < data.length) {
        int n = Math.min(data.length - at, 1 + random.nextInt(30));
        if (n == 1 && random.nextBoolean()) {
          capture.write(data[at]);
        } else {
          capture.write(data, at, n);
        }
        at += n;
      }

      CapturedOutput out = capture.result();

      int keptHead = Math.min(head, data.length);
      int keptTail = Math.min(tail, data.length - keptHead);
      assertThat(out.head()).isEqualTo(Arrays.copyOfRange(data, 0, keptHead));
      assertThat(out.tail()).isEqualTo(Arrays.copyOfRange(data, data.length - keptTail, data.length));
      assertThat(out.cutBytes()).isEqualTo(data.length - keptHead - keptTail);
    }
  }

  @Test
  void bytesThatAreNotUtf8AreKeptAndDecodedLeniently() {
    byte[] binary = {0x00, (byte) 0xff, (byte) 0xfe, 'o', 'k', (byte) 0xc3};
    BoundedCapture capture = new BoundedCapture(OutputLimit.DEFAULT);
    capture.write(binary, 0, binary.length);

    CapturedOutput out = capture.result();

    assertThat(out.keptBytes()).isEqualTo(binary);
    assertThat(out.text()).isEqualTo("\0\uFFFD\uFFFDok\uFFFD");
  }

  @Test
  void manyMegabytesCostOnlyTheLimit() {
    BoundedCapture capture = new BoundedCapture(new OutputLimit(1024, 1024));
    byte[] block = new byte[64 * 1024];
    Arrays.fill(block, (byte) 'x');
    block[block.length - 1] = '\n';
    for (int i = 0; i < 800; i++) {
      capture.write(block, 0, block.length);
    }
    ByteArrayOutputStream last = new ByteArrayOutputStream();
    last.writeBytes("END\n".getBytes(StandardCharsets.US_ASCII));
    capture.write(last.toByteArray(), 0, last.size());

    CapturedOutput out = capture.result();

    assertThat(out.totalBytes()).isEqualTo(800L * block.length + 4);
    assertThat(out.keptBytes()).hasSize(2048);
    assertThat(out.text()).endsWith("x\nEND\n").contains("bytes cut");
  }

  @Test
  void capturedOutputRejectsAnImpossibleTotal() {
    assertThatThrownBy(() -> new CapturedOutput(new byte[3], new byte[0], 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void outputLimitRejectsNegativeSizes() {
    assertThatThrownBy(() -> new OutputLimit(-1, 3))
        .hasMessageContaining("output limit");
  }
}
