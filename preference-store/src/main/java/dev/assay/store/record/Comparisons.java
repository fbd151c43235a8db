package dev.assay.store.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.jdbc.Sql;
import dev.assay.store.text.ContentHash;
import dev.assay.store.text.StorableText;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Comparisons for other modules, in the caller's transaction. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Comparisons {
  private final Sql sql;
  private final ObjectMapper json;

  public Comparisons(Sql sql, ObjectMapper json) {
    this.sql = sql;
    this.json = json;
  }

  /** The ids of the pairs' comparisons, in the pairs' order, and how many of them were new. */
  public record Ensured(List<Long> ids, int created) {}

  /**
   * Adds the comparisons the store does not have yet (identity is {@link ComparisonPair#contentHash}) and
   * returns every pair's id. The prompt and response texts must be stored already.
   */
  public Ensured ensure(List<ComparisonPair> pairs) {
    if (pairs.isEmpty()) {
      return new Ensured(List.of(), 0);
    }
    List<String> hashes = new ArrayList<>(pairs.size());
    List<String> prompts = new ArrayList<>(pairs.size());
    List<String> aHashes = new ArrayList<>(pairs.size());
    List<String> bHashes = new ArrayList<>(pairs.size());
    List<String> aGenerators = new ArrayList<>(pairs.size());
    List<String> bGenerators = new ArrayList<>(pairs.size());
    for (ComparisonPair pair : pairs) {
      hashes.add(pair.contentHash());
      prompts.add(pair.promptHash());
      aHashes.add(pair.responseAHash());
      bHashes.add(pair.responseBHash());
      aGenerators.add(pair.generatorA());
      bGenerators.add(pair.generatorB());
    }
    int created =
        sql.update(
            "INSERT INTO comparison (content_hash, prompt_hash, response_a_hash, response_b_hash, generator_a, generator_b)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " ON CONFLICT (content_hash) DO NOTHING",
            hashes, prompts, aHashes, bHashes, aGenerators, bGenerators);
    List<Long> ids =
        sql.list(
            "SELECT c.id FROM unnest(?::text[]) WITH ORDINALITY h(hash, n) JOIN comparison c ON c.content_hash = h.hash"
                + " ORDER BY h.n",
            row -> row.getLong(1),
            hashes);
    return new Ensured(ids, created);
  }

  /** A comparison made from its texts, and the hash of its prompt (what groups comparisons by conversation). */
  public record Stored(long id, String promptHash) {}

  /**
   * Stores the prompt and both responses (each once, by content hash, as an import does) and the
   * comparison between them, for texts that arrive one at a time rather than in a file.
   *
   * @throws IllegalArgumentException naming the text that cannot be stored (see {@link StorableText})
   */
  public Stored ensureWithTexts(List<Message> prompt, ResponseText a, ResponseText b) {
    for (Message message : prompt) {
      requireStorable("a prompt message", message.content());
    }
    requireStorable("response A", a.text());
    requireStorable("response B", b.text());
    String promptJson;
    try {
      promptJson = json.writeValueAsString(prompt);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the prompt cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
    String promptHash = ContentHash.of(promptJson);
    String aHash = ContentHash.of(a.text());
    String bHash = ContentHash.of(b.text());
    sql.update("INSERT INTO prompt (hash, messages) VALUES (?, CAST(? AS jsonb)) ON CONFLICT DO NOTHING",
        promptHash, promptJson);
    sql.update("INSERT INTO text_blob (hash, body, char_length) VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT DO NOTHING",
        aHash, a.text(), characters(a.text()), bHash, b.text(), characters(b.text()));
    long id = ensure(List.of(new ComparisonPair(promptHash, aHash, a.generator(), bHash, b.generator())))
        .ids().getFirst();
    return new Stored(id, promptHash);
  }

  /** Characters as PostgreSQL's {@code length} counts them (code points), as the import stores them. */
  private static int characters(String text) {
    return text.codePointCount(0, text.length());
  }

  private static void requireStorable(String what, String text) {
    String problem = StorableText.problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(what + " " + problem);
    }
  }

  /** How many of the (distinct) ids name an existing comparison. */
  public long countExisting(Collection<Long> ids) {
    return sql.count("SELECT count(*) FROM comparison WHERE id = ANY(?::bigint[])", ids);
  }

  public boolean exists(long id) {
    return sql.count("SELECT count(*) FROM comparison WHERE id = ?", id) > 0;
  }

  /** What a task shows of the comparison; empty when there is none. */
  public Optional<ComparisonContent> content(long id) {
    return sql.one("SELECT " + ComparisonContentSql.columnsFrom() + ComparisonContentSql.whereId(),
        ComparisonContentSql::read, id);
  }

  /**
   * A conversation stored under its content hash (the hash of its messages' JSON, as the guardrail audit
   * keeps it when it keeps no text), as that JSON.
   */
  public Optional<String> promptMessages(String promptHash) {
    return sql.one("SELECT CAST(messages AS text) FROM prompt WHERE hash = ?", row -> row.getString(1), promptHash);
  }

  /** A response or other text stored under its content hash. */
  public Optional<String> text(String hash) {
    return sql.one("SELECT body FROM text_blob WHERE hash = ?", row -> row.getString(1), hash);
  }

  /** A comparison's content with the models that generated responses A and B. */
  public record Described(long id, ComparisonContent content, String generatorA, String generatorB) {}

  /** The comparisons with these ids (missing ones are left out), by id. */
  public Map<Long, Described> describe(Collection<Long> ids) {
    Map<Long, Described> result = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return result;
    }
    sql.list(
            "SELECT c.id, c.generator_a, c.generator_b, " + ComparisonContentSql.columnsFrom()
                + " WHERE c.id = ANY(?::bigint[]) ORDER BY c.id",
            row -> new Described(row.getLong("id"), ComparisonContentSql.read(row), row.getString("generator_a"),
                row.getString("generator_b")),
            ids)
        .forEach(described -> result.put(described.id(), described));
    return result;
  }
}
