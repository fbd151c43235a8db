package dev.assay.store.dataset;

import dev.assay.platform.jdbc.Sql;
import dev.assay.store.record.Message;
import dev.assay.store.record.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The candidate responses of a candidates dataset (named by its name) with their texts, for other
 * modules, in the caller's transaction: paged by prompt hash, or streamed.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CandidateReader {
  private static final int FETCH_SIZE = 500;
  private static final String CANDIDATES_OF_DATASET = " FROM candidate k JOIN dataset_record r ON r.candidate_id = k.id"
      + " JOIN dataset d ON d.id = r.dataset_id";

  private final Sql sql;

  public CandidateReader(Sql sql) {
    this.sql = sql;
  }

  /** One candidate response: its text and the model that generated it. */
  public record Response(String text, String generator) {}

  /** A prompt with its candidate responses, in import order. */
  public record Prompt(String hash, List<Message> messages, List<Response> responses) {}

  /** A prompt and one response to it. */
  public record PromptResponse(List<Message> prompt, String text) {}

  /** How many distinct prompts have candidates in the dataset (0 when there is no such dataset). */
  public long countPrompts(String dataset) {
    return sql.count("SELECT count(DISTINCT k.prompt_hash)" + CANDIDATES_OF_DATASET + " WHERE d.name = ?", dataset);
  }

  /** The next {@code limit} prompt hashes with candidates after {@code after} ({@code ""} for the first), in order. */
  public List<String> promptsAfter(String dataset, String after, int limit) {
    return sql.list(
        "SELECT DISTINCT k.prompt_hash" + CANDIDATES_OF_DATASET
            + " WHERE d.name = ? AND k.prompt_hash > ? ORDER BY k.prompt_hash LIMIT ?",
        row -> row.getString(1),
        dataset, after, limit);
  }

  /** These prompts with their candidates in the dataset, by prompt hash; each prompt is decoded once. */
  public List<Prompt> candidates(String dataset, List<String> promptHashes) {
    record Row(String promptHash, String messages, Response response) {}
    List<Row> rows = sql.list(
        "SELECT k.prompt_hash, CAST(pr.messages AS text), t.body, k.generator" + CANDIDATES_OF_DATASET
            + " JOIN prompt pr ON pr.hash = k.prompt_hash JOIN text_blob t ON t.hash = k.response_hash"
            // bpchar[] like the column, so the comparison stays on char(64)
            + " WHERE d.name = ? AND k.prompt_hash = ANY(?::bpchar[]) ORDER BY k.prompt_hash, k.id",
        row -> new Row(row.getString(1), row.getString(2), new Response(row.getString(3), row.getString(4))),
        dataset, promptHashes);
    List<Prompt> prompts = new ArrayList<>();
    for (Row row : rows) {
      if (prompts.isEmpty() || !prompts.getLast().hash().equals(row.promptHash())) {
        prompts.add(new Prompt(row.promptHash(), Messages.decode(row.messages()), new ArrayList<>()));
      }
      prompts.getLast().responses().add(row.response());
    }
    return prompts;
  }

  /**
   * Hands every response of the dataset with its prompt to {@code each}, in import order, read through a
   * cursor (memory stays flat).
   */
  public void forEachResponse(String dataset, Consumer<PromptResponse> each) {
    sql.forEach(
        "SELECT CAST(pr.messages AS text), t.body" + CANDIDATES_OF_DATASET
            + " JOIN prompt pr ON pr.hash = k.prompt_hash JOIN text_blob t ON t.hash = k.response_hash"
            + " WHERE d.name = ? ORDER BY r.id",
        FETCH_SIZE,
        row -> new PromptResponse(Messages.decode(row.getString(1)), row.getString(2)),
        each,
        dataset);
  }
}
