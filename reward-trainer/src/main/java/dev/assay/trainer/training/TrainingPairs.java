package dev.assay.trainer.training;

import dev.assay.platform.digest.Sha256;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.dataset.format.DatasetFormatException;
import dev.assay.store.dataset.format.DatasetReaders;
import dev.assay.store.dataset.format.ImportLimits;
import dev.assay.store.dataset.format.RecordReader;
import dev.assay.store.record.Choice;
import dev.assay.store.record.Message;
import dev.assay.store.record.PreferenceRecord;
import dev.assay.store.record.ResponseText;
import dev.assay.store.record.StrengthScale;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns imported records into training pairs, counting what is left out. */
public final class TrainingPairs {
  /** Response metadata keys that name a record's source subset (AlpacaEval's "dataset"). */
  private static final List<String> SOURCE_KEYS = List.of("source", "dataset");

  private static final String CRITERION_KEY = "criterion";

  private TrainingPairs() {}

  /**
   * A/B choices become chosen/rejected pairs, ties are kept as ties, everything else is dropped and
   * counted.
   *
   * @param defaultSource the source of records whose metadata names none (e.g. the file name)
   * @param scale what the records' strengths mean, for their margins
   */
  public static PairSet fromRecords(Iterator<PreferenceRecord> records, String defaultSource, StrengthScale scale) {
    List<TrainingPair> pairs = new ArrayList<>();
    Map<String, Long> dropped = new TreeMap<>();
    while (true) {
      PreferenceRecord record;
      try {
        if (!records.hasNext()) {
          break;
        }
        record = records.next();
      } catch (DatasetFormatException e) {
        dropped.merge(DropReason.INVALID_RECORD.key(), 1L, Long::sum);
        continue;
      }
      DropReason reason = dropReason(record);
      if (reason != null) {
        dropped.merge(reason.key(), 1L, Long::sum);
      } else {
        pairs.add(toPair(record, defaultSource, scale));
      }
    }
    return new PairSet(pairs, dropped);
  }

  /**
   * Reads any importable preference file (format detected, gzip allowed). Invalid records are skipped
   * and counted; records the reader skips (e.g. AlpacaEval annotations without a verdict) are counted
   * under the reader's reasons. The source of a pair without one in its metadata is the file name.
   */
  public static PairSet read(Path file) throws IOException {
    try (RecordReader reader = DatasetReaders.open(file, null, ImportLimits.DEFAULTS)) {
      String name = file.getFileName().toString();
      // The store keeps AlpacaEval's verdicts as an AI judge's; every other format's strength is its margin.
      StrengthScale scale = reader.format() == DatasetFormat.ALPACA_EVAL ? StrengthScale.ONE_TO_TWO : StrengthScale.MARGIN;
      PairSet pairs = fromRecords(reader, name.substring(0, name.indexOf('.') > 0 ? name.indexOf('.') : name.length()),
          scale);
      Map<String, Long> dropped = new TreeMap<>(pairs.dropped());
      reader.skipReasons().forEach((reason, count) -> dropped.merge(reason, count, Long::sum));
      return new PairSet(pairs.pairs(), dropped);
    }
  }

  private static DropReason dropReason(PreferenceRecord record) {
    if (record.isCandidates()) {
      return DropReason.NO_CHOICE;
    }
    if (record.responses().size() != 2) {
      return DropReason.NOT_A_PAIR;
    }
    if (record.choice() == Choice.BOTH_BAD) {
      return DropReason.BOTH_BAD;
    }
    if (record.choice() != Choice.TIE && record.responses().get(0).text().equals(record.responses().get(1).text())) {
      return DropReason.IDENTICAL_RESPONSES;
    }
    return null;
  }

  private static TrainingPair toPair(PreferenceRecord record, String defaultSource, StrengthScale scale) {
    boolean tie = record.choice() == Choice.TIE;
    ResponseText a = tie ? record.responses().get(0) : record.chosen();
    ResponseText b = tie ? record.responses().get(1) : record.rejected();
    return new TrainingPair(
        record.prompt(),
        a.text(),
        b.text(),
        tie,
        scale.margin(record.choice(), record.strength()),
        metadata(a, SOURCE_KEYS, defaultSource),
        metadata(a, List.of(CRITERION_KEY), null));
  }

  private static String metadata(ResponseText response, List<String> keys, String fallback) {
    for (String key : keys) {
      Object value = response.metadata().get(key);
      if (value != null) {
        return value.toString();
      }
    }
    return fallback;
  }

  /** SHA-256 over the pairs' contents in order: identifies the data a model was trained on. */
  public static String hash(List<TrainingPair> pairs) {
    MessageDigest digest = Sha256.digest();
    for (TrainingPair pair : pairs) {
      for (Message message : pair.prompt()) {
        update(digest, message.role());
        update(digest, message.content());
      }
      update(digest, pair.chosen());
      update(digest, pair.rejected());
      update(digest, pair.tie() + "/" + pair.margin());
    }
    return Sha256.hex(digest.digest());
  }

  private static void update(MessageDigest digest, String part) {
    digest.update(part.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }
}
