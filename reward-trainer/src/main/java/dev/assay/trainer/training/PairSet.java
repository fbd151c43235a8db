package dev.assay.trainer.training;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Training pairs together with how many records were left out and why: TRL drops unusable rows
 * silently, which hides a broken import; every count here ends up in the evaluation report.
 *
 * @param pairs the usable pairs, in input order
 * @param dropped number of records left out, by reason (see {@link DropReason})
 */
public record PairSet(List<TrainingPair> pairs, Map<String, Long> dropped) {

  public PairSet {
    pairs = List.copyOf(pairs);
    dropped = Map.copyOf(dropped);
  }

  public long ties() {
    return pairs.stream().filter(TrainingPair::tie).count();
  }

  /** The pairs without ties, counting them as dropped for {@code reason}. */
  public PairSet withoutTies(DropReason reason) {
    long ties = ties();
    if (ties == 0) {
      return this;
    }
    Map<String, Long> counts = new TreeMap<>(dropped);
    counts.merge(reason.key(), ties, Long::sum);
    return new PairSet(pairs.stream().filter(pair -> !pair.tie()).toList(), counts);
  }

  /** The subset {@code kept}, carrying over the drop counts. */
  public PairSet withPairs(List<TrainingPair> kept) {
    return new PairSet(kept, dropped);
  }
}
