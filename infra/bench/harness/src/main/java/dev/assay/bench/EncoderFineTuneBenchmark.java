package dev.assay.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.assay.trainer.featurize.EncoderBlock;
import dev.assay.trainer.featurize.EncoderKind;
import dev.assay.trainer.featurize.PromptText;
import dev.assay.trainer.featurize.SentenceEncoder;
import dev.assay.trainer.training.GradientClipping;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.PromptSplit;
import dev.assay.trainer.training.TrainingPair;
import dev.assay.trainer.training.TrainingPairs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Does fine-tuning the sentence encoder itself lift held-out accuracy on the HH-RLHF harmless dev pairs
 * above the frozen encoders' (0.61-0.64, {@link FeaturizerBenchmark})? A cross-encoder reward model:
 * {@code [CLS] last user turn [SEP] response [SEP]} through all-MiniLM-L6-v2 (mean-pooled) or
 * bge-small-en-v1.5 ({@code -Dft.encoder=bge}, the [CLS] state), a linear head, Bradley-Terry loss,
 * Adam with warm-up (encoder and head at their own learning rates), weight decay on the encoder's
 * matrices, gradients clipped to norm 1 (without clipping one fold diverged to NaN). Same 5 folds by
 * prompt hash as {@link FeaturizerBenchmark}.
 *
 * <p>The encoder is the product's {@link EncoderBlock} (the one {@code train --kind classifier --fine-tune}
 * trains) on DJL's PyTorch engine, its weights read from the ONNX file in the langchain4j jar; its
 * output is the normalised pooled state (checked against ONNX Runtime by {@code EncoderBlockTest}). The
 * embeddings stay frozen, as in the product.
 *
 * <p>About 4 minutes of CPU per epoch and fold on two cores. Run it with {@code infra/bench/harness/run.sh
 * EncoderFineTuneBenchmark -Dft.folds=5 -Dft.epochs=1 -Dft.evalEvery=58} (see
 * {@code infra/bench/harness/README.md}); other knobs: {@code ft.layers} (top layers trained,
 * all by default), {@code ft.lr} (3e-5), {@code ft.headLr} (1e-3), {@code ft.batch} (8 pairs),
 * {@code ft.promptTokens} (64, the end kept), {@code ft.responseTokens} (128, the start kept).
 */
public final class EncoderFineTuneBenchmark {
  private EncoderFineTuneBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      // a -D setting written after the class name arrives here and would be ignored
      throw new IllegalArgumentException("no arguments expected (settings are -D options before the class name): "
          + String.join(" ", args));
    }
    new EncoderFineTuneBenchmark().fineTuneEncoder();
  }

  private void fineTuneEncoder() throws Exception {
    EncoderKind kind = EncoderKind.byFeaturizerName(System.getProperty("ft.encoder", "minilm"));
    int epochs = Integer.getInteger("ft.epochs", 3);
    int batch = Integer.getInteger("ft.batch", 8);
    float lr = Float.parseFloat(System.getProperty("ft.lr", "3e-5"));
    float headLr = Float.parseFloat(System.getProperty("ft.headLr", "1e-3"));
    int promptTokens = Integer.getInteger("ft.promptTokens", 64);
    int responseTokens = Integer.getInteger("ft.responseTokens", 128);
    int folds = Integer.getInteger("ft.folds", 1);
    int evalEvery = Integer.getInteger("ft.evalEvery", 0);
    int trainLayers = Integer.getInteger("ft.layers", kind.layers());

    HuggingFaceTokenizer tokenizer = SentenceEncoder.tokenizer(kind);
    PairSet all = TrainingPairs.read(SharedData.file(SharedData.HH));
    double[] accuracies = new double[folds];
    for (int fold = 0; fold < folds; fold++) {
      PromptSplit.Split split = PromptSplit.fold(all, fold, 5, "cv");
      try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
        EncoderBlock encoder = EncoderBlock.pretrained(kind);
        for (var named : encoder.getParameters()) {
          boolean top = false;
          for (int l = kind.layers() - trainLayers; l < kind.layers(); l++) {
            top |= named.getKey().startsWith("encoder.layer." + l + ".");
          }
          named.getValue().freeze(!top);
        }
        Shape tokens = new Shape(1, 8);
        encoder.initialize(manager, DataType.FLOAT32, tokens, tokens, tokens);
        Map<String, NDArray> head = new LinkedHashMap<>();
        Map<String, Parameter> trainable = new LinkedHashMap<>();
        for (String name : List.of("head.weight", "head.bias")) {
          Parameter parameter = Parameter.builder().setName(name).setType(Parameter.Type.OTHER)
              .optArray(manager.zeros(name.endsWith("weight") ? new Shape(EncoderBlock.WIDTH, 1) : new Shape(1))).build();
          parameter.initialize(manager, DataType.FLOAT32);
          head.put(name, parameter.getArray());
          trainable.put(name, parameter);
        }
        for (var named : encoder.getParameters()) {
          if (named.getValue().requiresGradient()) {
            trainable.put(named.getKey(), named.getValue());
          }
        }
        Map<String, NDArray[]> adam = new HashMap<>();
        trainable.forEach((name, parameter) -> adam.put(name,
            new NDArray[] {manager.zeros(parameter.getShape()), manager.zeros(parameter.getShape())}));
        ParameterStore store = new ParameterStore(manager, false);
        List<long[][]> train = tokenize(tokenizer, split.train().pairs(), promptTokens, responseTokens);
        List<long[][]> held = tokenize(tokenizer, split.held().pairs(), promptTokens, responseTokens);
        Random random = new Random(42);
        int step = 0;
        int skipped = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
          long start = System.nanoTime();
          List<long[][]> order = new ArrayList<>(train);
          Collections.shuffle(order, random);
          double lossSum = 0;
          int correct = 0;
          for (int b = 0; b < order.size(); b += batch) {
            List<long[][]> chunk = order.subList(b, Math.min(b + batch, order.size()));
            step++;
            try (NDScope scope = new NDScope()) {
              float[] stats;
              try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray diff = margins(reward(manager, store, encoder, head, chunk, true));
                NDArray loss = Activation.softPlus(diff.neg()).mean();
                collector.backward(loss);
                stats = new float[] {loss.getFloat(), diff.gt(0).sum().toType(DataType.FLOAT32, false).getFloat()};
              }
              if (!Float.isFinite(stats[0])) {
                throw new IllegalStateException("loss " + stats[0] + " at step " + step);
              }
              lossSum += stats[0] * chunk.size();
              correct += (int) stats[1];
              if (!GradientClipping.clip(List.copyOf(trainable.values()), 1.0)) {
                skipped++;
                continue;
              }
              double lrScale = Math.min(1.0, step / 30.0);
              for (Map.Entry<String, Parameter> entry : trainable.entrySet()) {
                String name = entry.getKey();
                NDArray p = entry.getValue().getArray();
                NDArray g = p.getGradient();
                NDArray[] mv = adam.get(name);
                mv[0].muli(0.9f).addi(g.mul(0.1f));
                mv[1].muli(0.999f).addi(g.square().mul(0.001f));
                double rate = (name.startsWith("head.") ? headLr : lr) * lrScale
                    * Math.sqrt(1 - Math.pow(0.999, step)) / (1 - Math.pow(0.9, step));
                NDArray update = mv[0].div(mv[1].sqrt().add(1e-8f)).mul((float) rate);
                if (!name.startsWith("head.") && name.endsWith("weight")) {
                  update = update.add(p.mul((float) (rate * 0.01)));
                }
                p.subi(update);
                g.subi(g);
              }
            }
            if (evalEvery > 0 && step % evalEvery == 0) {
              System.out.printf(Locale.ROOT, "FT fold %d step %d: held-out acc %.4f%n", fold, step,
                  evaluate(manager, store, encoder, head, held));
            }
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          double accuracy = evaluate(manager, store, encoder, head, held);
          System.out.printf(Locale.ROOT, "FT fold %d epoch %d: train loss %.4f acc %.3f, held-out acc %.4f, %.0f s (%.1f pairs/s), %d steps skipped (non-finite gradient)%n",
              fold, epoch, lossSum / order.size(), correct / (double) order.size(), accuracy, seconds, order.size() / seconds, skipped);
          accuracies[fold] = accuracy;
        }
      }
    }
    System.out.printf(Locale.ROOT, "FT result layers=%d epochs=%d lr=%s: folds %s mean %.4f%n", trainLayers, epochs, lr,
        Arrays.toString(accuracies), Arrays.stream(accuracies).average().orElseThrow());
  }

  private double evaluate(NDManager manager, ParameterStore store, EncoderBlock encoder, Map<String, NDArray> head,
      List<long[][]> held) {
    int correct = 0;
    for (int b = 0; b < held.size(); b += 16) {
      List<long[][]> chunk = held.subList(b, Math.min(b + 16, held.size()));
      try (NDScope scope = new NDScope()) {
        NDArray diff = margins(reward(manager, store, encoder, head, chunk, false));
        correct += (int) diff.gt(0).sum().toType(DataType.FLOAT32, false).getFloat();
      }
    }
    return correct / (double) held.size();
  }

  /** r(chosen) - r(rejected) per pair, from the interleaved rewards of {@link #reward}. */
  private static NDArray margins(NDArray rewards) {
    return rewards.get(new NDIndex("0::2")).sub(rewards.get(new NDIndex("1::2")));
  }

  /** Rewards of chosen and rejected sequences interleaved: [c0, r0, c1, r1, ...]. */
  private static NDArray reward(NDManager manager, ParameterStore store, EncoderBlock encoder, Map<String, NDArray> head,
      List<long[][]> pairs, boolean training) {
    List<long[]> ids = new ArrayList<>();
    List<long[]> types = new ArrayList<>();
    for (long[][] pair : pairs) {
      ids.add(pair[0]);
      types.add(pair[1]);
      ids.add(pair[2]);
      types.add(pair[3]);
    }
    int length = ids.stream().mapToInt(a -> a.length).max().orElseThrow();
    long[][] paddedIds = new long[ids.size()][length];
    long[][] paddedTypes = new long[ids.size()][length];
    long[][] mask = new long[ids.size()][length];
    for (int i = 0; i < ids.size(); i++) {
      System.arraycopy(ids.get(i), 0, paddedIds[i], 0, ids.get(i).length);
      System.arraycopy(types.get(i), 0, paddedTypes[i], 0, types.get(i).length);
      Arrays.fill(mask[i], 0, ids.get(i).length, 1);
    }
    NDArray pooled = encoder.forward(store,
        new NDList(manager.create(paddedIds), manager.create(paddedTypes), manager.create(mask)), training).singletonOrThrow();
    return pooled.matMul(head.get("head.weight")).add(head.get("head.bias")).reshape(-1);
  }

  private static List<long[][]> tokenize(HuggingFaceTokenizer tokenizer, List<TrainingPair> pairs, int promptTokens, int responseTokens) {
    List<long[][]> out = new ArrayList<>();
    for (TrainingPair pair : pairs) {
      long[] prompt = strip(tokenizer.encode(PromptText.lastUserTurn(pair.prompt())).getIds());
      prompt = Arrays.copyOfRange(prompt, Math.max(0, prompt.length - promptTokens), prompt.length);
      long[][] c = sequence(prompt, strip(tokenizer.encode(pair.chosen()).getIds()), responseTokens);
      long[][] r = sequence(prompt, strip(tokenizer.encode(pair.rejected()).getIds()), responseTokens);
      out.add(new long[][] {c[0], c[1], r[0], r[1]});
    }
    return out;
  }

  private static long[] strip(long[] ids) {
    return Arrays.copyOfRange(ids, 1, ids.length - 1); // drop [CLS] and [SEP]
  }

  private static long[][] sequence(long[] prompt, long[] response, int responseTokens) {
    long[] kept = Arrays.copyOf(response, Math.min(response.length, responseTokens));
    int length = prompt.length + kept.length + 3;
    long[] ids = new long[length];
    long[] types = new long[length];
    ids[0] = 101;
    System.arraycopy(prompt, 0, ids, 1, prompt.length);
    ids[prompt.length + 1] = 102;
    System.arraycopy(kept, 0, ids, prompt.length + 2, kept.length);
    ids[length - 1] = 102;
    for (int t = prompt.length + 2; t < length; t++) {
      types[t] = 1;
    }
    return new long[][] {ids, types};
  }
}
