package dev.assay.trainer.builder;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.jobs.JobRunner;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.ImportService;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.store.record.Message;
import dev.assay.trainer.TrainerSettings;
import dev.assay.trainer.builder.ResponsePolicies.ResponseFilter;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.ModelLoadException;
import dev.assay.trainer.model.Reward;
import dev.assay.trainer.model.RewardScorer;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Builds instruction-tuning datasets from a candidates dataset (k responses per prompt): every
 * candidate is scored with a registered reward model (the production one when the job is created),
 * responses the given guardrail policy would block are left out, and
 *
 * <ul>
 *   <li>the best remaining response per prompt becomes the SFT dataset (a candidates dataset with one
 *       response per prompt; {@code GET .../sft.jsonl} streams it as chat-messages JSONL);
 *   <li>best vs worst becomes a DPO pair (a preference dataset, best chosen) when their normalised
 *       reward gap exceeds the margin; the gap is stored as the pair's strength.
 * </ul>
 *
 * <p>Prompts are processed in prompt-hash order in chunks; each chunk is imported into both datasets
 * through the store and then the job records the last prompt done. A restarted job (after a crash or
 * a restart of the application) continues after that prompt; a chunk imported but not yet recorded is
 * imported again, which adds nothing because store imports are idempotent. Both datasets' descriptions
 * name the build, the source dataset, the model and the policy (lineage); the job row keeps them too.
 */
@ApplicationScoped
public class DatasetBuilder implements JobRunner.JobKind {
  private static final Logger LOG = Logger.getLogger(DatasetBuilder.class);
  private static final int CHUNK = 100;
  private static final String PROMPTS = "SELECT DISTINCT k.prompt_hash FROM candidate k"
      + " JOIN dataset_record r ON r.candidate_id = k.id JOIN dataset d ON d.id = r.dataset_id"
      + " WHERE d.name = ? AND k.prompt_hash > ? ORDER BY k.prompt_hash LIMIT ?";
  private static final String CANDIDATES = "SELECT k.prompt_hash, CAST(pr.messages AS text), t.body, k.generator"
      + " FROM candidate k JOIN dataset_record r ON r.candidate_id = k.id JOIN dataset d ON d.id = r.dataset_id"
      + " JOIN prompt pr ON pr.hash = k.prompt_hash JOIN text_blob t ON t.hash = k.response_hash"
      + " WHERE d.name = ? AND k.prompt_hash = ANY(?) ORDER BY k.prompt_hash, k.id";

  /** A build request; dataset names default to {@code <source>-sft-<id>} and {@code <source>-dpo-<id>}. */
  public record Request(String dataset, String policy, Double margin, String sftDataset, String dpoDataset) {}

  private record Candidate(String text, String generator) {}

  private final AgroalDataSource dataSource;
  private final ModelRegistry registry;
  /** Unsatisfied on a replica without the guardrail: a build naming a policy is then refused. */
  private final Instance<ResponsePolicies> policies;
  private final ImportService imports;
  private final TrainerSettings settings;
  private final ObjectMapper json;
  private final JobRunner jobs;

  public DatasetBuilder(
      AgroalDataSource dataSource, ModelRegistry registry, Instance<ResponsePolicies> policies, ImportService imports,
      TrainerSettings settings, ObjectMapper json, JobRunner jobs) {
    this.dataSource = dataSource;
    this.registry = registry;
    this.policies = policies;
    this.imports = imports;
    this.settings = settings;
    this.json = json;
    this.jobs = jobs;
  }

  /** Creates a build job and starts it in the background. */
  public DatasetBuild submit(Request request, String user) {
    DatasetBuild build = create(request, user);
    jobs.submit(this, build.id);
    return build;
  }

  /** Creates a build job without starting it. */
  DatasetBuild create(Request request, String user) {
    if (request.dataset() == null || request.dataset().isBlank()) {
      throw ProblemException.invalid("dataset", "dataset is required: a candidates dataset");
    }
    double margin = request.margin() == null ? 0.5 : request.margin();
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw ProblemException.invalid("margin", "margin must be a normalised reward gap >= 0");
    }
    int prompts = countPrompts(request.dataset());
    if (prompts == 0) {
      throw ProblemException.invalid("dataset", "dataset " + request.dataset() + " has no candidate responses");
    }
    ResponseFilter policy = request.policy() == null ? null : policy(request.policy(), null);
    RegisteredModel model = registry.production(ModelKind.REWARD.name()).orElseThrow(() -> new ProblemException(
        503, "No Production Model", "no reward model is in production; promote one first", null, null));
    DatasetBuild build = QuarkusTransaction.requiringNew().call(() -> {
      DatasetBuild created = new DatasetBuild();
      created.sourceDataset = request.dataset();
      created.sftDataset = "";
      created.dpoDataset = "";
      created.modelId = model.id;
      created.modelVersion = model.version();
      created.policyName = policy == null ? null : policy.name();
      created.policyVersion = policy == null ? null : policy.version();
      created.margin = margin;
      created.state = DatasetBuild.State.QUEUED;
      created.promptsTotal = prompts;
      created.createdBy = user;
      created.createdAt = Instant.now();
      created.persist();
      created.sftDataset = request.sftDataset() != null ? request.sftDataset() : request.dataset() + "-sft-" + created.id;
      created.dpoDataset = request.dpoDataset() != null ? request.dpoDataset() : request.dataset() + "-dpo-" + created.id;
      return created;
    });
    return build;
  }

  private ResponseFilter policy(String name, Integer version) {
    if (!policies.isResolvable()) {
      throw ProblemException.invalid("policy", "this replica serves no guardrail policies");
    }
    return policies.get().resolve(name, version);
  }

  public DatasetBuild get(long id) {
    DatasetBuild build = QuarkusTransaction.requiringNew().call(() -> DatasetBuild.<DatasetBuild>findById(id));
    if (build == null) {
      throw ProblemException.notFound("dataset build", id);
    }
    return build;
  }

  @Override
  public String name() {
    return "dataset-build";
  }

  /** The builds a previous run of the application left unfinished; each continues after its last prompt. */
  @Override
  public List<Long> unfinished() {
    return QuarkusTransaction.requiringNew().call(() ->
        DatasetBuild.<DatasetBuild>list("state in ?1 order by id", List.of(DatasetBuild.State.QUEUED,
            DatasetBuild.State.RUNNING)).stream().map(build -> build.id).toList());
  }

  /** Runs (or continues) one build to its end. */
  @Override
  public void run(long buildId) {
    run(buildId, Integer.MAX_VALUE);
  }

  /** Processes at most {@code maxChunks} chunks, then returns leaving the job RUNNING (a simulated crash). */
  void run(long buildId, int maxChunks) {
    DatasetBuild build = update(buildId, b -> {
      b.state = DatasetBuild.State.RUNNING;
      b.startedAt = b.startedAt == null ? Instant.now() : b.startedAt;
    });
    RegisteredModel model = registry.get(build.modelId);
    ResponseFilter policy = build.policyName == null ? null : policy(build.policyName, build.policyVersion);
    try (RewardScorer scorer = RewardScorer.load(Path.of(model.artifactPath), settings.featurizerOptions())) {
      describe(build);
      String after = build.lastPromptHash == null ? "" : build.lastPromptHash;
      for (int chunk = 0; chunk < maxChunks && !jobs.stopping(); chunk++) {
        List<String> prompts = promptsAfter(build.sourceDataset, after);
        if (prompts.isEmpty()) {
          update(buildId, b -> {
            b.state = DatasetBuild.State.SUCCEEDED;
            b.finishedAt = Instant.now();
          });
          return;
        }
        ChunkResult result = processChunk(build, prompts, scorer, policy);
        String last = prompts.getLast();
        update(buildId, b -> {
          b.promptsDone += prompts.size();
          b.lastPromptHash = last;
          b.sftRecords += result.sft;
          b.dpoPairs += result.dpo;
          b.pairsBelowMargin += result.belowMargin;
          b.responsesBlocked += result.blocked;
          b.promptsAllBlocked += result.allBlocked;
        });
        after = last;
      }
    } catch (ModelLoadException | RuntimeException e) {
      LOG.errorf(e, "Dataset build %d failed", buildId);
      update(buildId, b -> {
        b.state = DatasetBuild.State.FAILED;
        b.error = e.getMessage();
        b.finishedAt = Instant.now();
      });
    }
  }

  private static final class ChunkResult {
    int sft;
    int dpo;
    int belowMargin;
    int blocked;
    int allBlocked;
  }

  private ChunkResult processChunk(DatasetBuild build, List<String> prompts, RewardScorer scorer, ResponseFilter policy) {
    Map<String, List<Message>> promptMessages = new LinkedHashMap<>();
    Map<String, List<Candidate>> candidates = new LinkedHashMap<>();
    loadCandidates(build.sourceDataset, prompts, promptMessages, candidates);
    ChunkResult result = new ChunkResult();
    Path dir = settings.dataDir().resolve("dataset-builds").resolve(String.valueOf(build.id));
    try {
      Files.createDirectories(dir);
      Path sftFile = dir.resolve("sft-chunk.jsonl");
      Path dpoFile = dir.resolve("dpo-chunk.jsonl");
      try (BufferedWriter sft = Files.newBufferedWriter(sftFile); BufferedWriter dpo = Files.newBufferedWriter(dpoFile)) {
        for (Map.Entry<String, List<Candidate>> entry : candidates.entrySet()) {
          List<Message> prompt = promptMessages.get(entry.getKey());
          List<Candidate> options = entry.getValue();
          List<Reward> rewards = scorer.score(prompt, options.stream().map(Candidate::text).toList());
          int best = -1;
          int worst = -1;
          for (int i = 0; i < options.size(); i++) {
            double score = rewards.get(i).normalized();
            if (policy != null && policy.blocks().test(score)) {
              result.blocked++;
              continue;
            }
            if (best < 0 || score > rewards.get(best).normalized()) {
              best = i;
            }
            if (worst < 0 || score < rewards.get(worst).normalized()) {
              worst = i;
            }
          }
          if (best < 0) {
            result.allBlocked++;
            continue;
          }
          Map<String, Object> sftRecord = new LinkedHashMap<>();
          sftRecord.put("prompt", prompt);
          sftRecord.put("output", options.get(best).text());
          sftRecord.put("generator", options.get(best).generator());
          sft.write(json.writeValueAsString(sftRecord));
          sft.newLine();
          result.sft++;
          if (best == worst) {
            continue;
          }
          double gap = rewards.get(best).normalized() - rewards.get(worst).normalized();
          if (gap <= build.margin) {
            result.belowMargin++;
            continue;
          }
          Map<String, Object> pair = new LinkedHashMap<>();
          pair.put("prompt", prompt);
          pair.put("chosen", List.of(Message.assistant(options.get(best).text())));
          pair.put("rejected", List.of(Message.assistant(options.get(worst).text())));
          pair.put("margin", gap);
          dpo.write(json.writeValueAsString(pair));
          dpo.newLine();
          result.dpo++;
        }
      }
      if (result.sft > 0) {
        imports.importFile(sftFile, "build-" + build.id + "-sft.jsonl", build.sftDataset, DatasetFormat.CANDIDATES,
            null, build.createdBy, n -> {});
      }
      if (result.dpo > 0) {
        imports.importFile(dpoFile, "build-" + build.id + "-dpo.jsonl", build.dpoDataset,
            DatasetFormat.TRL_CONVERSATIONAL, null, build.createdBy, n -> {});
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates both datasets (if needed) and writes their lineage into their descriptions. */
  private void describe(DatasetBuild build) {
    String lineage = "built by dataset build " + build.id + " from candidates dataset " + build.sourceDataset
        + " with reward model " + build.modelVersion + " (registry id " + build.modelId + ")"
        + (build.policyName == null ? "" : ", excluding responses blocked by policy " + build.policyName + " v"
            + build.policyVersion);
    describe(build.sftDataset, "Best-of-n SFT: the best-scored response per prompt; " + lineage, build.createdBy);
    describe(build.dpoDataset, "DPO pairs: best vs worst response where the normalised reward gap exceeds "
        + build.margin + "; " + lineage, build.createdBy);
  }

  private void describe(String dataset, String description, String user) {
    long id = imports.datasetFor(dataset, user);
    execute("UPDATE dataset SET description = ? WHERE id = ?", s -> {
      s.setString(1, description);
      s.setLong(2, id);
    });
  }

  private int countPrompts(String dataset) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT count(DISTINCT k.prompt_hash) FROM candidate k"
            + " JOIN dataset_record r ON r.candidate_id = k.id JOIN dataset d ON d.id = r.dataset_id WHERE d.name = ?")) {
      query.setString(1, dataset);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> promptsAfter(String dataset, String after) {
    List<String> prompts = new ArrayList<>();
    try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(PROMPTS)) {
      query.setString(1, dataset);
      query.setString(2, after);
      query.setInt(3, CHUNK);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          prompts.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return prompts;
  }

  private void loadCandidates(String dataset, List<String> prompts, Map<String, List<Message>> promptMessages,
      Map<String, List<Candidate>> candidates) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(CANDIDATES)) {
      query.setString(1, dataset);
      query.setArray(2, connection.createArrayOf("bpchar", prompts.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String hash = rows.getString(1);
          if (!promptMessages.containsKey(hash)) {
            promptMessages.put(hash, json.readValue(rows.getString(2), new TypeReference<List<Message>>() {}));
          }
          candidates.computeIfAbsent(hash, h -> new ArrayList<>()).add(new Candidate(rows.getString(3), rows.getString(4)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Streams the SFT dataset as chat-messages JSONL: {"messages": [...prompt, {assistant, best}]}. */
  public void writeSftMessages(long buildId, java.io.OutputStream out) throws IOException {
    DatasetBuild build = get(buildId);
    BufferedWriter writer = new BufferedWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8));
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement("SELECT CAST(pr.messages AS text), t.body FROM dataset_record r"
            + " JOIN dataset d ON d.id = r.dataset_id JOIN candidate k ON k.id = r.candidate_id"
            + " JOIN prompt pr ON pr.hash = k.prompt_hash JOIN text_blob t ON t.hash = k.response_hash"
            + " WHERE d.name = ? ORDER BY r.id")) {
      connection.setAutoCommit(false);
      query.setFetchSize(500);
      query.setString(1, build.sftDataset);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          List<Message> messages = new ArrayList<>(json.readValue(rows.getString(1), new TypeReference<List<Message>>() {}));
          messages.add(Message.assistant(rows.getString(2)));
          writer.write(json.writeValueAsString(Map.of("messages", messages)));
          writer.write('\n');
        }
      }
      connection.rollback();
    } catch (SQLException e) {
      throw new IOException("could not read dataset " + build.sftDataset + ": " + e.getMessage(), e);
    }
    writer.flush();
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private void execute(String sql, Binder binder) {
    try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private DatasetBuild update(long id, Consumer<DatasetBuild> change) {
    return QuarkusTransaction.requiringNew().call(() -> {
      DatasetBuild build = DatasetBuild.findById(id);
      change.accept(build);
      return build;
    });
  }
}
