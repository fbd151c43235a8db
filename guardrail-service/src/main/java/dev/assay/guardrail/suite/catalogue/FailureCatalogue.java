package dev.assay.guardrail.suite.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.jdbc.PageRequest;
import dev.assay.platform.jdbc.Sql;
import dev.assay.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every failing probe of every stored suite run, with what ran it: the suite version, the policy version
 * and the model version. Filtered and searched (the probe's prompt and response), grouped (how often each
 * suite, category, template or mutation failed), paged, and exported as JSON lines from a cursor.
 */
@ApplicationScoped
public class FailureCatalogue {
  private static final int FETCH_SIZE = 1_000;
  private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() {};

  /** What failures can be grouped by, and the column each groups on. */
  public enum GroupBy {
    SUITE("s.name"),
    KIND("s.kind"),
    CATEGORY("p.category"),
    TEMPLATE("p.tags->>'template'"),
    MUTATION("p.tags->>'mutation'"),
    POLICY("r.policy_name"),
    MODEL("r.model_version");

    private final String column;

    GroupBy(String column) {
      this.column = column;
    }

    /** @throws ProblemException 422 naming {@code by} for an unknown dimension */
    public static GroupBy of(String name) {
      for (GroupBy by : values()) {
        if (by.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
          return by;
        }
      }
      throw ProblemException.invalid("by", "failures are grouped by suite, kind, category, template, mutation, policy"
          + " or model, not \"" + name + "\"");
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Filters; null means any. {@code text} is searched in the probe's prompt and response (case-insensitive,
   * literally); {@code from} is inclusive and {@code to} exclusive, on the run's time.
   */
  public record Filter(
      String suite, String kind, String category, String template, String mutation, String policy, Long modelId,
      Long runId, String text, Instant from, Instant to) {
    public static Filter none() {
      return new Filter(null, null, null, null, null, null, null, null, null, null, null);
    }

    public static Filter ofModel(long modelId) {
      return new Filter(null, null, null, null, null, null, modelId, null, null, null, null);
    }
  }

  /** One failing probe of one run. */
  public record Failure(
      long runId, Instant ranAt, String suite, int suiteVersion, String kind, String probeKey, String side,
      String expected, String category, String template, String mutation, String prompt, String response,
      String alternative, String decision, Double score, JsonNode detail, Map<String, String> tags, String policy,
      Integer policyVersion, Long modelId, String modelVersion) {}

  public record Page(List<Failure> items, int page, int size, long total) {}

  /** How many failures share a value of the grouped dimension (null: probes without one), in how many runs. */
  public record Group(String value, long failures, long runs, Instant lastSeen) {}

  public record Groups(String by, List<Group> items, int page, int size, long total) {}

  private static final String FROM = " FROM guardrail_suite_outcome o"
      + " JOIN guardrail_suite_run r ON r.id = o.run_id"
      + " JOIN guardrail_suite s ON s.id = r.suite_id"
      + " JOIN guardrail_suite_probe p ON p.suite_id = r.suite_id AND p.probe_key = o.probe_key";

  private static final String COLUMNS = "r.id AS run_id, r.created_at, s.name, s.version, s.kind, o.probe_key, p.side,"
      + " p.expected, p.category, p.prompt, p.response, p.alternative, o.decision, o.score, CAST(o.detail AS text) AS detail,"
      + " CAST(p.tags AS text) AS tags, r.policy_name, r.policy_version, r.model_id, r.model_version";

  private final Sql sql;
  private final ObjectMapper json;

  public FailureCatalogue(Sql sql, ObjectMapper json) {
    this.sql = sql;
    this.json = json;
  }

  /** One page of failures, newest run first, each run's probes in suite order. */
  @Transactional
  public Page search(Filter filter, int page, int size) {
    PageRequest request = PageRequest.of(page, size);
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    long total = sql.count("SELECT count(*)" + FROM + where, params.toArray());
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(request.size());
    pageParams.add(request.offset());
    List<Failure> items = sql.list("SELECT " + COLUMNS + FROM + where + " ORDER BY r.id DESC, o.ordinal LIMIT ? OFFSET ?",
        this::failure, pageParams.toArray());
    return new Page(items, page, size, total);
  }

  /** Failure counts per value of one dimension, most failures first. */
  @Transactional
  public Groups group(GroupBy by, Filter filter, int page, int size) {
    PageRequest request = PageRequest.of(page, size);
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    long total = sql.count("SELECT count(DISTINCT " + by.column + ")"
        + " + coalesce(max(CASE WHEN " + by.column + " IS NULL THEN 1 ELSE 0 END), 0)" + FROM + where, params.toArray());
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(request.size());
    pageParams.add(request.offset());
    List<Group> items = sql.list("SELECT " + by.column + " AS value, count(*), count(DISTINCT r.id), max(r.created_at) AS last_seen"
            + FROM + where + " GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST LIMIT ? OFFSET ?",
        row -> new Group(row.getString(1), row.getLong(2), row.getLong(3), Sql.instant(row, "last_seen")),
        pageParams.toArray());
    return new Groups(by.wireName(), items, page, size, total);
  }

  /** Streams every matching failure as one JSON object per line, oldest run first, in flat memory. */
  @Transactional
  public void export(Filter filter, OutputStream out) throws IOException {
    List<Object> params = new ArrayList<>();
    String where = where(filter, params);
    BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    try {
      sql.forEach("SELECT " + COLUMNS + FROM + where + " ORDER BY r.id, o.ordinal", FETCH_SIZE, this::failure,
          failure -> {
            try {
              writer.write(json.writeValueAsString(failure));
              writer.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }, params.toArray());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    writer.flush();
  }

  private static String where(Filter filter, List<Object> params) {
    StringBuilder where = new StringBuilder(" WHERE o.passed = false");
    condition(where, params, "s.name = ?", filter.suite());
    condition(where, params, "s.kind = ?", filter.kind());
    condition(where, params, "p.category = ?", filter.category());
    condition(where, params, "p.tags->>'template' = ?", filter.template());
    condition(where, params, "p.tags->>'mutation' = ?", filter.mutation());
    condition(where, params, "r.policy_name = ?", filter.policy());
    condition(where, params, "r.model_id = ?", filter.modelId());
    condition(where, params, "r.id = ?", filter.runId());
    condition(where, params, "r.created_at >= ?", filter.from() == null ? null : java.sql.Timestamp.from(filter.from()));
    condition(where, params, "r.created_at < ?", filter.to() == null ? null : java.sql.Timestamp.from(filter.to()));
    if (filter.text() != null && !filter.text().isBlank()) {
      String pattern = "%" + likeLiteral(filter.text().trim()) + "%";
      where.append(" AND (p.prompt ILIKE ? OR p.response ILIKE ? OR p.alternative ILIKE ?)");
      params.add(pattern);
      params.add(pattern);
      params.add(pattern);
    }
    return where.toString();
  }

  /** The text as a LIKE pattern matching it literally (backslash is PostgreSQL's default escape). */
  static String likeLiteral(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static void condition(StringBuilder where, List<Object> params, String sql, Object value) {
    if (value != null && !(value instanceof String text && text.isBlank())) {
      where.append(" AND ").append(sql);
      params.add(value);
    }
  }

  private Failure failure(ResultSet row) throws SQLException {
    Map<String, String> tags = tags(row.getString("tags"));
    int policyVersion = row.getInt("policy_version");
    Integer policyVersionOrNull = row.wasNull() ? null : policyVersion;
    return new Failure(row.getLong("run_id"), Sql.instant(row, "created_at"), row.getString("name"),
        row.getInt("version"), row.getString("kind"), row.getString("probe_key"), row.getString("side"),
        row.getString("expected"), row.getString("category"), tags.get("template"), tags.get("mutation"),
        row.getString("prompt"), row.getString("response"), row.getString("alternative"), row.getString("decision"),
        Sql.nullableDouble(row, "score"), detail(row.getString("detail")), tags, row.getString("policy_name"), policyVersionOrNull, Sql.nullableLong(row, "model_id"),
        row.getString("model_version"));
  }

  private Map<String, String> tags(String text) throws SQLException {
    try {
      return json.readValue(text, TAGS);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable probe tags: " + e.getOriginalMessage(), e);
    }
  }

  private JsonNode detail(String text) throws SQLException {
    try {
      return text == null ? null : json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable outcome detail: " + e.getOriginalMessage(), e);
    }
  }
}
