package dev.assay.ui.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Realistic comparisons for the browser tests: multi-turn prompts, code, tables and lists. */
final class Samples {
  private Samples() {}

  static Map<String, String> turn(String role, String content) {
    return Map.of("role", role, "content", content);
  }

  /** n distinct pairs; the tag makes their content (and so their comparisons) unique to one test. */
  static List<String> pairs(int n, String tag) {
    List<String> lines = new ArrayList<>();
    lines.add(TestData.pair(List.of(
            turn("system", "You are a careful senior Python reviewer. Answer concisely."),
            turn("user", "I have a list of orders as dicts. How do I total the amount per customer?"),
            turn("assistant", "Do you need the result sorted, or is any order fine?"),
            turn("user", "Sorted by total, biggest first, please. (" + tag + ")")),
        """
        Use a `defaultdict` to accumulate, then sort the items by value:

        ```python
        from collections import defaultdict

        totals = defaultdict(float)
        for order in orders:
            totals[order["customer"]] += order["amount"]

        ranking = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
        ```

        | step | cost |
        |------|------|
        | accumulate | O(n) |
        | sort | O(k log k) |

        - `k` is the number of customers, usually far smaller than `n`.
        - Use `Decimal` instead of `float` for money.
        """,
        """
        You can loop over the orders and build a dictionary:

        ```python
        totals = {}
        for order in orders:
            totals[order["customer"]] = order["amount"]
        ranking = sorted(totals, reverse=True)
        ```

        This sorts the customers by total, biggest first.
        """));
    for (int i = 1; i < n; i++) {
      lines.add(TestData.pair(List.of(
              turn("user", "Question " + i + " (" + tag + "): what is " + i + " times 7?"),
              turn("assistant", "Do you want just the number?"),
              turn("user", "Yes, and one sentence of explanation.")),
          "**" + (i * 7) + "**. Multiplying " + i + " by 7 adds seven " + i + " times.",
          "It is " + (i * 7 + 1) + ", because multiplication is repeated addition."));
    }
    return lines;
  }
}
