package dev.assay.guardrail.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/** Resolves overlapping matches: leftmost first and, among those starting together, the longest. */
final class Spans {

  private Spans() {}

  static <T> List<T> leftmostLongest(List<T> matches, ToIntFunction<T> start, ToIntFunction<T> end) {
    List<T> sorted = new ArrayList<>(matches);
    sorted.sort(Comparator.comparingInt(start).thenComparing(Comparator.comparingInt(end).reversed()));
    List<T> kept = new ArrayList<>(sorted.size());
    int reached = 0;
    for (T match : sorted) {
      if (start.applyAsInt(match) >= reached) {
        kept.add(match);
        reached = end.applyAsInt(match);
      }
    }
    return List.copyOf(kept);
  }
}
