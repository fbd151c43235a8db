package dev.assay.trainer.model;

import dev.assay.store.record.Message;
import dev.assay.trainer.featurize.Featurizer;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.featurize.Featurizers;
import dev.assay.trainer.featurize.SparseRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores responses with a saved model directory.
 *
 * <p>The parameters are read with DJL (format and checksum checked) and scored in plain Java
 * ({@link HeadWeights}): the head is a few thousand multiply-adds per response, less than a PyTorch
 * call costs, so loading a model starts no engine. Thread-safe (featurizers are too). Scores are identical to those of the model that was
 * saved: the same featurizer spec, the same parameters.
 */
public final class RewardScorer implements AutoCloseable {
  private final HeadWeights head;
  private final Featurizer featurizer;
  private final ModelManifest manifest;

  private RewardScorer(HeadWeights head, Featurizer featurizer, ModelManifest manifest) {
    this.head = head;
    this.featurizer = featurizer;
    this.manifest = manifest;
  }

  /**
   * Opens a model directory.
   *
   * @throws ModelLoadException when the manifest is unreadable, of another format version, names an
   *     unknown featurizer or one of another dimension, or the parameters are missing or corrupted
   */
  public static RewardScorer load(Path directory, FeaturizerOptions options) throws ModelLoadException {
    ModelManifest manifest = ModelDirectory.readManifest(directory);
    if (manifest.kind() == ModelKind.CLASSIFIER) {
      throw new ModelLoadException(directory + " holds a classifier, not a reward or preference model");
    }
    Featurizer featurizer = featurizer(manifest, options);
    try {
      RewardNetwork network = new RewardNetwork(manifest.kind(), manifest.hiddenSize());
      ModelDirectory.readParameters(directory, manifest, network);
      HeadWeights head;
      try {
        head = network.weights(manifest.featureDimension());
      } catch (IllegalArgumentException e) {
        throw new ModelLoadException(directory + ": " + e.getMessage(), e);
      }
      return new RewardScorer(head, featurizer, manifest);
    } catch (ModelLoadException | RuntimeException e) {
      featurizer.close();
      throw e;
    }
  }

  private static Featurizer featurizer(ModelManifest manifest, FeaturizerOptions options) throws ModelLoadException {
    Featurizer featurizer;
    try {
      featurizer = Featurizers.create(manifest.featurizer(), options);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException("model.json names an unusable featurizer: " + e.getMessage(), e);
    }
    if (featurizer.dimension() != manifest.featureDimension()) {
      featurizer.close();
      throw new ModelLoadException(
          "featurizer " + manifest.featurizer() + " gives " + featurizer.dimension()
              + " features but the model was trained on " + manifest.featureDimension());
    }
    return featurizer;
  }

  public ModelManifest manifest() {
    return manifest;
  }

  /** Whether scoring many responses at once is much cheaper per response than one at a time. */
  public boolean gainsFromBatching() {
    return featurizer.runsNetwork();
  }

  /** One reward per response, each judged as an answer to {@code prompt}. */
  public List<Reward> score(List<Message> prompt, List<String> responses) {
    float[] raw = rawRewards(prompt, responses);
    List<Reward> rewards = new ArrayList<>(raw.length);
    double std = manifest.rewardStd() > 0 ? manifest.rewardStd() : 1;
    for (float r : raw) {
      rewards.add(new Reward(r, (r - manifest.rewardMean()) / std));
    }
    return rewards;
  }

  /**
   * Rewards for several requests, each a prompt and its responses, in one forward pass of the head.
   * The featurizer is warmed up with every text first, so a sentence encoder embeds them all in a few
   * large batches instead of one small batch per request (the scoring API's micro-batcher uses this).
   * Results are identical to calling {@link #score} per request.
   */
  public List<List<Reward>> scoreAll(List<List<Message>> prompts, List<List<String>> responses) {
    if (prompts.size() != responses.size()) {
      throw new IllegalArgumentException("one list of responses per prompt is required");
    }
    if (prompts.size() == 1) {
      return List.of(score(prompts.getFirst(), responses.getFirst()));
    }
    List<String> allResponses = new ArrayList<>();
    responses.forEach(allResponses::addAll);
    featurizer.warmUp(prompts, allResponses);
    SparseRow[] features = new SparseRow[allResponses.size()];
    int row = 0;
    for (int i = 0; i < prompts.size(); i++) {
      if (responses.get(i).isEmpty()) {
        continue;
      }
      for (SparseRow f : featurizer.featurizeSparse(prompts.get(i), responses.get(i))) {
        features[row++] = f;
      }
    }
    float[] raw = forward(features);
    double std = manifest.rewardStd() > 0 ? manifest.rewardStd() : 1;
    List<List<Reward>> out = new ArrayList<>(prompts.size());
    row = 0;
    for (List<String> group : responses) {
      List<Reward> rewards = new ArrayList<>(group.size());
      for (int j = 0; j < group.size(); j++, row++) {
        rewards.add(new Reward(raw[row], (raw[row] - manifest.rewardMean()) / std));
      }
      out.add(rewards);
    }
    return out;
  }

  /** The model's judgement of response A against response B. */
  public PairPrediction compare(List<Message> prompt, String responseA, String responseB) {
    float[] raw = rawRewards(prompt, List.of(responseA, responseB));
    return PairPrediction.of(raw[0], raw[1], manifest.tieLogit());
  }

  /** The same judgement from the rewards {@link #score} gave A and B (the scoring API batches them). */
  public PairPrediction compare(Reward a, Reward b) {
    return PairPrediction.of(a.raw(), b.raw(), manifest.tieLogit());
  }

  private float[] rawRewards(List<Message> prompt, List<String> responses) {
    if (responses.isEmpty()) {
      return new float[0];
    }
    return forward(featurizer.featurizeSparse(prompt, responses));
  }

  private float[] forward(SparseRow[] features) {
    return head.rewards(features);
  }

  @Override
  public void close() {
    featurizer.close();
  }
}
