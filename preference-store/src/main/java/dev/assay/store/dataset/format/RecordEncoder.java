package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.store.record.Choice;
import dev.assay.store.record.PreferenceRecord;

/** Turns a record into one JSON line of a format; the whole line is built before any of it is written. */
@FunctionalInterface
interface RecordEncoder {
  /** @throws UnsupportedRecordException when the format cannot express the record */
  ObjectNode encode(PreferenceRecord record);

  /** A new line object, starting with the record's original id as {@code id} when it has one. */
  static ObjectNode newLine(PreferenceRecord record) {
    ObjectNode line = Json.MAPPER.createObjectNode();
    if (record.originalId() != null) {
      line.put("id", record.originalId());
    }
    return line;
  }

  /** Rejects what a chosen/rejected format cannot hold: candidates, ties and both-bad judgements. */
  static void requireChosenRejected(PreferenceRecord record, DatasetFormat format) {
    if (record.isCandidates()) {
      throw new UnsupportedRecordException(
          "a candidates record (no judgement) cannot be written as " + format.cliName());
    }
    if (record.choice() != Choice.A && record.choice() != Choice.B) {
      throw new UnsupportedRecordException(
          "a " + record.choice() + " judgement has no chosen and rejected response, so " + format.cliName()
              + " cannot hold it");
    }
  }
}
