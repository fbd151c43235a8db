package dev.assay.store.record;

import java.util.List;
import java.util.Objects;

/**
 * One record read from (or written to) a dataset file, independent of the file's format.
 *
 * <p>A judged pair has two responses and a {@link #choice()}; a candidates record has one or more
 * responses and no choice. {@code strength} is the judgement's strength on its own scale when the
 * source has one (null otherwise). {@code line} is the 1-based line (or array element) it came from.
 */
public record PreferenceRecord(
    List<Message> prompt,
    List<ResponseText> responses,
    Choice choice,
    Double strength,
    String originalId,
    long line) {

  public PreferenceRecord {
    prompt = List.copyOf(Objects.requireNonNull(prompt, "prompt"));
    responses = List.copyOf(Objects.requireNonNull(responses, "responses"));
  }

  /** A pair where {@code chosen} was preferred over {@code rejected}; chosen is stored as A. */
  public static PreferenceRecord chosenOverRejected(
      List<Message> prompt, ResponseText chosen, ResponseText rejected, String originalId, long line) {
    return new PreferenceRecord(prompt, List.of(chosen, rejected), Choice.A, null, originalId, line);
  }

  public boolean isCandidates() {
    return choice == null;
  }

  /** The response the judgement preferred, for A/B choices; null for ties, both-bad and candidates. */
  public ResponseText chosen() {
    return choice == Choice.A ? responses.get(0) : choice == Choice.B ? responses.get(1) : null;
  }

  public ResponseText rejected() {
    return choice == Choice.A ? responses.get(1) : choice == Choice.B ? responses.get(0) : null;
  }
}
