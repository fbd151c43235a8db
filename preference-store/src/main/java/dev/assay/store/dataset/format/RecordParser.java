package dev.assay.store.dataset.format;

import dev.assay.store.record.PreferenceRecord;
import java.util.List;

/**
 * Converts one raw record of a given format into preference records: usually one, several for an
 * UltraFeedback row (one per pair of completions), none when the record is skipped.
 */
@FunctionalInterface
interface RecordParser {
  /** @throws DatasetFormatException when the record does not follow the format */
  List<PreferenceRecord> parse(RecordInput in);

  static RecordParser of(DatasetFormat format) {
    return switch (format) {
      case HH_RLHF -> DialogueParsers::hhRlhf;
      case TRL_STANDARD -> DialogueParsers::trlStandard;
      case TRL_CONVERSATIONAL -> DialogueParsers::trlConversational;
      case TRL_IMPLICIT -> DialogueParsers::trlImplicit;
      case OPENAI_PREFERENCE -> DialogueParsers::openAi;
      case ALPACA_EVAL -> AlpacaEvalParser::parse;
      case ULTRAFEEDBACK -> UltraFeedbackParser::parse;
      case CANDIDATES -> CandidatesParser::parse;
      case CSV -> CsvParser::parse;
    };
  }
}
