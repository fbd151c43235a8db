package dev.assay.trainer.builder;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.jobs.JobRunner;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.CandidateReader;
import dev.assay.store.dataset.DatasetContents;
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
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
  /** Long enough for a slow client to download a large SFT dataset. */
  private static final int STREAM_TIMEOUT_SECONDS = 3600;

  /** A build request; dataset names default to {@code <source>-sft-<id>} and {@code <source>-dpo-<id>}. */
  /**
   * A build request; output names default to {@code <source>-sft-<id>} and {@code <source>-dpo-<id>}.
   * Naming a dataset that exists is refused unless {@code append} says to add to it.
   */
  public record Request(
      String dataset, String policy, Double margin, String sftDataset, String dpoDataset, boolean append) {}

  private final CandidateReader candidates;
  private final DatasetContents datasets;
  private final ModelRegistry registry;
  /** Unsatisfied on a replica without the guardrail: a build naming a policy is then refused. */
  private final Instance<ResponsePolicies> policies;
  private final ImportService imports;
  private final TrainerSettings settings;
  private final ObjectMapper json;
  private final JobRunner jobs;

  public DatasetBuilder(
      CandidateReader candidates, DatasetContents datasets, ModelRegistry registry, Instance<ResponsePolicies> policies,
      ImportService imports, TrainerSettings settings, ObjectMapper json, JobRunner jobs) {
    this.candidates = candidates;
    this.datasets = datasets;
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
    if (!request.append()) {
      refuseExisting("sftDataset", request.sftDataset());
      refuseExisting("dpoDataset", request.dpoDataset());
    }
    int prompts = Math.toIntExact(
        QuarkusTransaction.requiringNew().call(() -> candidates.countPrompts(request.dataset())));
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

  // Adding a build's records to a dataset that holds other data is a choice the caller must make.
  private void refuseExisting(String field, String dataset) {
    if (dataset != null && QuarkusTransaction.requiringNew().call(() -> datasets.idByName(dataset)).isPresent()) {
      throw new ProblemException(409, "Dataset Exists", "dataset " + dataset + " already exists; name a new one, or"
          + " set append to add this build's records to it", field, null);
    }
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

  /** Every build, newest first. */
  public List<DatasetBuild> list() {
    return QuarkusTransaction.requiringNew().call(() -> DatasetBuild.<DatasetBuild>list("order by id desc"));
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
        String from = after;
        List<String> prompts = QuarkusTransaction.requiringNew().call(() ->
            candidates.promptsAfter(build.sourceDataset, from, CHUNK));
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
    List<CandidateReader.Prompt> chunk = QuarkusTransaction.requiringNew().call(() ->
        candidates.candidates(build.sourceDataset, prompts));
    ChunkResult result = new ChunkResult();
    Path dir = settings.dataDir().resolve("dataset-builds").resolve(String.valueOf(build.id));
    try {
      Files.createDirectories(dir);
      Path sftFile = dir.resolve("sft-chunk.jsonl");
      Path dpoFile = dir.resolve("dpo-chunk.jsonl");
      try (BufferedWriter sft = Files.newBufferedWriter(sftFile); BufferedWriter dpo = Files.newBufferedWriter(dpoFile)) {
        for (CandidateReader.Prompt candidatePrompt : chunk) {
          List<Message> prompt = candidatePrompt.messages();
          List<CandidateReader.Response> options = candidatePrompt.responses();
          List<Reward> rewards = scorer.score(prompt, options.stream().map(CandidateReader.Response::text).toList());
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
    QuarkusTransaction.requiringNew().run(() -> datasets.describe(id, description));
  }

  /** Streams the SFT dataset as chat-messages JSONL: {"messages": [...prompt, {assistant, best}]}. */
  public void writeSftMessages(long buildId, OutputStream out) throws IOException {
    DatasetBuild build = get(buildId);
    BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    try {
      QuarkusTransaction.requiringNew().timeout(STREAM_TIMEOUT_SECONDS).run(() ->
          candidates.forEachResponse(build.sftDataset, response -> {
            List<Message> messages = new ArrayList<>(response.prompt());
            messages.add(Message.assistant(response.text()));
            try {
              writer.write(json.writeValueAsString(Map.of("messages", messages)));
              writer.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    writer.flush();
  }

  private DatasetBuild update(long id, Consumer<DatasetBuild> change) {
    return QuarkusTransaction.requiringNew().call(() -> {
      DatasetBuild build = DatasetBuild.findById(id);
      change.accept(build);
      return build;
    });
  }
}
