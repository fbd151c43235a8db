package dev.assay.store.dataset.format;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Opens streaming exporters. Every format but UltraFeedback can be written; see the encoders for each
 * format's mapping and what it refuses ({@link UnsupportedRecordException}).
 */
public final class DatasetWriters {
  private DatasetWriters() {}

  /**
   * A writer of {@code format} onto {@code out}, which the writer owns and closes.
   *
   * @throws IllegalArgumentException for a format that cannot be written
   */
  public static RecordWriter open(DatasetFormat format, OutputStream out) throws IOException {
    return switch (format) {
      case HH_RLHF -> new JsonLinesWriter(out, DialogueEncoders::hhRlhf);
      case TRL_STANDARD -> new JsonLinesWriter(out, DialogueEncoders::trlStandard);
      case TRL_CONVERSATIONAL -> new JsonLinesWriter(out, DialogueEncoders::trlConversational);
      case TRL_IMPLICIT -> new JsonLinesWriter(out, DialogueEncoders::trlImplicit);
      case OPENAI_PREFERENCE -> new JsonLinesWriter(out, DialogueEncoders::openAi);
      case ALPACA_EVAL -> new JsonLinesWriter(out, SingleStringEncoders::alpacaEval);
      case CANDIDATES -> new JsonLinesWriter(out, SingleStringEncoders::candidates);
      case CSV -> new CsvWriter(out);
      case ULTRAFEEDBACK -> throw new IllegalArgumentException(
          "ultrafeedback is import-only: its rows are expanded into pairs that cannot be folded back");
    };
  }
}
