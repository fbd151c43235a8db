package dev.assay.platform.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WhereTest {

  @Test
  void withoutValuesThereIsNoClauseAndNothingToBind() {
    Where where = new Where().and("actor = ?", null);

    assertThat(where.clause()).isEmpty();
    assertThat(where.params()).isEmpty();
  }

  @Test
  void leavesOutFiltersWithoutAValueAndJoinsTheRestWithAnd() {
    Where where = new Where().and("actor = ?", "alice").and("action = ?", null).and("target = ?", "user:bob");

    assertThat(where.clause()).isEqualTo(" WHERE actor = ? AND target = ?");
    assertThat(where.params()).containsExactly("alice", "user:bob");
  }

  @Test
  void bindsTheValueToEachPlaceholderOfItsCondition() {
    Where where = new Where().and("policy = ?", "default").and("(prompt_hash = ? OR response_hash = ?)", "ab12");

    assertThat(where.clause()).isEqualTo(" WHERE policy = ? AND (prompt_hash = ? OR response_hash = ?)");
    assertThat(where.params()).containsExactly("default", "ab12", "ab12");
  }

  @Test
  void appendsFurtherValuesAfterTheFilters() {
    Where where = new Where().and("actor = ?", "alice");

    assertThat(where.params(50, 100L)).containsExactly("alice", 50, 100L);
    assertThat(where.params()).containsExactly("alice");
  }
}
