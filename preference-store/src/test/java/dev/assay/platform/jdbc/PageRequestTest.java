package dev.assay.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.assay.platform.problem.Problem;
import dev.assay.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

class PageRequestTest {

  @Test
  void aPageBelowZeroIsRefusedNamingPage() {
    Problem refused = refusal(-1, 50, PageRequest.MAX_SIZE);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.field()).isEqualTo("page");
    assertThat(refused.detail()).isEqualTo("page must be >= 0");
  }

  @Test
  void aSizeOutsideOneToTheMaximumIsRefusedNamingSizeAndTheMaximum() {
    for (int size : new int[] {0, PageRequest.MAX_SIZE + 1}) {
      Problem refused = refusal(0, size, PageRequest.MAX_SIZE);

      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.field()).isEqualTo("size");
      assertThat(refused.detail()).isEqualTo("size must be between 1 and 1000");
    }
    assertThat(refusal(0, 501, 500).detail()).isEqualTo("size must be between 1 and 500");
  }

  @Test
  void theLimitsThemselvesAreAccepted() {
    assertThat(PageRequest.of(0, 1)).isEqualTo(new PageRequest(0, 1));
    assertThat(PageRequest.of(3, PageRequest.MAX_SIZE).size()).isEqualTo(PageRequest.MAX_SIZE);
    assertThat(PageRequest.of(0, 500, 500).size()).isEqualTo(500);
  }

  @Test
  void theOffsetOfAFarPageDoesNotOverflow() {
    assertThat(PageRequest.of(2, 50).offset()).isEqualTo(100);
    assertThat(PageRequest.of(Integer.MAX_VALUE, 1_000).offset()).isEqualTo(Integer.MAX_VALUE * 1_000L);
  }

  private static Problem refusal(int page, int size, int maxSize) {
    Throwable thrown = catchThrowable(() -> PageRequest.of(page, size, maxSize));
    assertThat(thrown).isInstanceOf(ProblemException.class);
    return ((ProblemException) thrown).toProblem();
  }
}
