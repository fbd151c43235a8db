package dev.assay.guardrail.suite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.audit.AdminAudit;
import dev.assay.platform.jdbc.PageRequest;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.text.StorableText;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Saved suites: every save is a new version of its name (version 1 for a new name) and versions are
 * never changed, so a run names exactly the probes it ran. Probes keep their order; their ordinal is
 * their index in the suite, from 0.
 */
@ApplicationScoped
public class SuiteStore {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final int BATCH = 500;
  /** A mutations suite of every template and question has about 40,000 probes: give its insert time. */
  private static final int SAVE_TIMEOUT_SECONDS = 600;
  private static final String COLUMNS =
      "id, name, version, kind, description, source, probe_count, created_by, created_at";
  private static final String PROBE_COLUMNS = "probe_key, side, expected, prompt, response, alternative, category, tags";
  private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {};

  private final Sql sql;
  private final ObjectMapper json;
  private final AdminAudit audit;

  /** One page of a suite's probes. */
  public record ProbePage(List<Probe> items, int page, int size, long total) {}

  public SuiteStore(Sql sql, ObjectMapper json, AdminAudit audit) {
    this.sql = sql;
    this.json = json;
    this.audit = audit;
  }

  /**
   * Saves a suite as the next version of its name.
   *
   * @throws ProblemException 422 for a bad name or two probes with one key
   */
  public StoredSuite save(Suite suite, String user) {
    String name = checkName(suite.name());
    checkStorable("name", suite.name());
    checkStorable("description", suite.description());
    checkStorable("source", suite.source());
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < suite.probes().size(); i++) {
      Probe probe = suite.probes().get(i);
      if (!keys.add(probe.key())) {
        throw new ProblemException(422, "Invalid Field", "probe " + (i + 1) + ": key '" + probe.key()
            + "' is used by an earlier probe", "key", null);
      }
      checkStorable(probe, "probe " + (i + 1) + " ");
    }
    return QuarkusTransaction.requiringNew().timeout(SAVE_TIMEOUT_SECONDS).call(() -> {
      lock(name);
      int version = latestInTransaction(name).map(s -> s.version() + 1).orElse(1);
      StoredSuite stored = insertSuite(name, version, suite.kind(), suite.description(), suite.source(),
          suite.probes().size(), user);
      insertProbes(stored.id(), 0, suite.probes());
      audit.record("suite.create", "suite:" + name, Map.of("version", version, "kind", suite.kind().wireName(),
          "probes", suite.probes().size()));
      return stored;
    });
  }

  /**
   * Saves the next version of suite {@code name} with {@code probe} added at its end; a new name makes a
   * {@code custom} suite of that one probe (how a bypass found by hand joins the tests of every release).
   *
   * @throws ProblemException 409 when the suite already has a probe with that key
   */
  public StoredSuite appendProbe(String name, Probe probe, String user) {
    checkName(name);
    checkStorable(probe, "");
    return QuarkusTransaction.requiringNew().timeout(SAVE_TIMEOUT_SECONDS).call(() -> {
      lock(name);
      Optional<StoredSuite> previous = latestInTransaction(name);
      if (previous.isEmpty()) {
        StoredSuite stored = insertSuite(name, 1, SuiteKind.CUSTOM, "Probes saved one by one", "appended", 1, user);
        insertProbes(stored.id(), 0, List.of(probe));
        audit.record("suite.append", "suite:" + name, Map.of("version", 1, "probe", probe.key()));
        return stored;
      }
      StoredSuite last = previous.get();
      if (sql.count("SELECT count(*) FROM guardrail_suite_probe WHERE suite_id = ? AND probe_key = ?", last.id(),
          probe.key()) > 0) {
        throw ProblemException.conflict("suite " + name + " version " + last.version() + " already has a probe with key '"
            + probe.key() + "'");
      }
      StoredSuite stored = insertSuite(name, last.version() + 1, last.kind(), last.description(), last.source(),
          last.probeCount() + 1, user);
      sql.update("INSERT INTO guardrail_suite_probe (suite_id, ordinal, " + PROBE_COLUMNS + ") SELECT ?, ordinal, "
          + PROBE_COLUMNS + " FROM guardrail_suite_probe WHERE suite_id = ?", stored.id(), last.id());
      insertProbes(stored.id(), last.probeCount(), List.of(probe));
      audit.record("suite.append", "suite:" + name, Map.of("version", stored.version(), "probe", probe.key()));
      return stored;
    });
  }

  public Optional<StoredSuite> latest(String name) {
    return QuarkusTransaction.requiringNew().call(() -> latestInTransaction(name));
  }

  public Optional<StoredSuite> get(String name, int version) {
    return QuarkusTransaction.requiringNew().call(() -> sql.one("SELECT " + COLUMNS
        + " FROM guardrail_suite WHERE name = ? AND version = ?", SuiteStore::stored, name, version));
  }

  /** @throws ProblemException 404 when there is no such suite version */
  public StoredSuite get(long id) {
    return QuarkusTransaction.requiringNew().call(() -> sql.one("SELECT " + COLUMNS + " FROM guardrail_suite WHERE id = ?",
        SuiteStore::stored, id)).orElseThrow(() -> ProblemException.notFound("suite version", id));
  }

  /** The latest version of every suite, by name. */
  public List<StoredSuite> list() {
    return QuarkusTransaction.requiringNew().call(() -> sql.list("SELECT DISTINCT ON (name) " + COLUMNS
        + " FROM guardrail_suite ORDER BY name, version DESC", SuiteStore::stored));
  }

  /** Every version of a suite, newest first (empty for an unknown name). */
  public List<StoredSuite> versions(String name) {
    return QuarkusTransaction.requiringNew().call(() -> sql.list("SELECT " + COLUMNS
        + " FROM guardrail_suite WHERE name = ? ORDER BY version DESC", SuiteStore::stored, name));
  }

  /** A suite version with all its probes, in order. */
  public Suite probes(long id) {
    StoredSuite stored = get(id);
    return stored.with(QuarkusTransaction.requiringNew().call(() -> sql.list("SELECT " + PROBE_COLUMNS
        + " FROM guardrail_suite_probe WHERE suite_id = ? ORDER BY ordinal", this::probe, id)));
  }

  /** One page of a suite version's probes, in order. */
  public ProbePage probes(long id, int page, int size) {
    PageRequest request = PageRequest.of(page, size);
    StoredSuite stored = get(id);
    List<Probe> items = QuarkusTransaction.requiringNew().call(() -> sql.list("SELECT " + PROBE_COLUMNS
        + " FROM guardrail_suite_probe WHERE suite_id = ? ORDER BY ordinal LIMIT ? OFFSET ?", this::probe, id,
        request.size(), request.offset()));
    return new ProbePage(items, page, size, stored.probeCount());
  }

  private Optional<StoredSuite> latestInTransaction(String name) {
    return sql.one("SELECT " + COLUMNS + " FROM guardrail_suite WHERE name = ? ORDER BY version DESC LIMIT 1",
        SuiteStore::stored, name);
  }

  private StoredSuite insertSuite(String name, int version, SuiteKind kind, String description, String source,
      int probeCount, String user) {
    return sql.one("INSERT INTO guardrail_suite (name, version, kind, description, source, probe_count, created_by)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS, SuiteStore::stored,
        name, version, kind.wireName(), description, source, probeCount, user).orElseThrow();
  }

  private void insertProbes(long suiteId, int firstOrdinal, List<Probe> probes) {
    List<Object[]> rows = new ArrayList<>(probes.size());
    for (int i = 0; i < probes.size(); i++) {
      Probe p = probes.get(i);
      rows.add(new Object[] {suiteId, firstOrdinal + i, p.key(), lower(p.side()), lower(p.expected()),
          p.prompt() == null ? "" : p.prompt(), p.response(), p.alternative(), p.category(), tags(p.tags())});
    }
    sql.batch("INSERT INTO guardrail_suite_probe (suite_id, ordinal, " + PROBE_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))", rows, BATCH);
  }

  private void lock(String name) {
    sql.one("SELECT pg_advisory_xact_lock(hashtext('guardrail_suite:' || ?))", row -> 1, name);
  }

  private static StoredSuite stored(ResultSet row) throws SQLException {
    return new StoredSuite(row.getLong("id"), row.getString("name"), row.getInt("version"),
        SuiteKind.fromWireName(row.getString("kind")), row.getString("description"), row.getString("source"),
        row.getInt("probe_count"), row.getString("created_by"), Sql.instant(row, "created_at"));
  }

  private Probe probe(ResultSet row) throws SQLException {
    Map<String, String> tags;
    try {
      tags = json.readValue(row.getString("tags"), TAGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored tags are not a JSON object of strings", e);
    }
    return new Probe(row.getString("probe_key"), ProbeSide.valueOf(row.getString("side").toUpperCase(Locale.ROOT)),
        Expected.valueOf(row.getString("expected").toUpperCase(Locale.ROOT)), row.getString("prompt"),
        row.getString("response"), row.getString("alternative"), row.getString("category"), tags);
  }

  private String tags(Map<String, String> tags) {
    try {
      return json.writeValueAsString(tags);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Text PostgreSQL cannot hold (U+0000, a lone surrogate) is refused naming where it is, never a 500. */
  private static void checkStorable(Probe probe, String where) {
    checkStorable(where + "key", probe.key());
    checkStorable(where + "prompt", probe.prompt());
    checkStorable(where + "response", probe.response());
    checkStorable(where + "alternative", probe.alternative());
    checkStorable(where + "category", probe.category());
    probe.tags().forEach((tag, value) -> {
      checkStorable(where + "tags", tag);
      checkStorable(where + "tags." + tag, value);
    });
  }

  private static void checkStorable(String field, String text) {
    String problem = StorableText.problem(text);
    if (problem != null) {
      throw ProblemException.invalid(field, field + " " + problem);
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ProblemException.invalid("name", "a suite name is 1-64 characters of a-z, 0-9, '.', '_' or '-', starting"
          + " with a letter or digit, but was '" + name + "'");
    }
    return name;
  }
}
