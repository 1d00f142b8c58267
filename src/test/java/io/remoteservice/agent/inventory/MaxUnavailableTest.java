package io.remoteservice.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaxUnavailableTest {

  @ParameterizedTest
  @CsvSource({"25%,4,1", "25%,3,0", "25%,8,2", "50%,5,2", "100%,7,7", "0%,9,0", "2,10,2", "2,1,2"})
  void percentagesRoundDownCountsStay(String text, int poolSize, int expected) {
    assertThat(MaxUnavailable.parse(text).of(poolSize)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "-1", "25 %", "101%", "1.5", "%"})
  void rejectsWhatIsNeitherCountNorPercentage(String text) {
    assertThatThrownBy(() -> MaxUnavailable.parse(text)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("neither a count");
  }

  @Test
  void capacityAppliesBothLimits() {
    Capacity c = new Capacity(MaxUnavailable.parse("50%"), 3);
    assertThat(c.allowedUnavailable(4)).isEqualTo(1);
    assertThat(c.allowedUnavailable(10)).isEqualTo(5);
    assertThat(new Capacity(MaxUnavailable.parse("5"), 0).allowedUnavailable(3)).isEqualTo(3);
  }
}
