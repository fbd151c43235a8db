package dev.assay.trainer.data;

import dev.assay.store.record.Choice;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.StrengthScale;
import dev.assay.store.snapshot.SnapshotService;
import dev.assay.store.snapshot.SnapshotService.SnapshotRecord;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.TrainingPair;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A snapshot's split as the trainer's pairs: the one place stored judgements become training pairs. */
@ApplicationScoped
public class SnapshotPairs {
  private final SnapshotService snapshots;

  public SnapshotPairs(SnapshotService snapshots) {
    this.snapshots = snapshots;
  }

  /** Both-bad judgements say nothing about order: they are left out and counted. */
  public PairSet pairs(long snapshotId, String split) {
    List<TrainingPair> pairs = new ArrayList<>();
    long bothBad = 0;
    for (SnapshotRecord item : snapshots.records(snapshotId, split)) {
      PreferenceRecord record = item.record();
      Choice choice = record.choice();
      if (choice == Choice.BOTH_BAD) {
        bothBad++;
        continue;
      }
      boolean bPreferred = choice == Choice.B;
      String a = record.responses().get(0).text();
      String b = record.responses().get(1).text();
      pairs.add(new TrainingPair(record.prompt(), bPreferred ? b : a, bPreferred ? a : b, choice == Choice.TIE,
          StrengthScale.ofSource(item.source()).margin(choice, record.strength()), item.source(), null));
    }
    return new PairSet(pairs, bothBad == 0 ? Map.of() : Map.of("both_bad", bothBad));
  }
}
