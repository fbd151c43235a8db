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
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.GradientCollector;
import dev.assay.trainer.featurize.EncoderKind;
import dev.assay.trainer.featurize.PromptText;
import dev.assay.trainer.featurize.SentenceEncoder;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.PromptSplit;
import dev.assay.trainer.training.TrainingPair;
import dev.assay.trainer.training.TrainingPairs;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * <p>The encoder runs on DJL's PyTorch engine: its weights are read from the ONNX file in the
 * langchain4j jar (a minimal protobuf reader: float initializers, the MatMul weights named after their
 * graph nodes) and the forward pass is written out with NDArray operations; it is checked against ONNX
 * Runtime's output first ({@code FT parity}, max |difference| of the normalised embedding).
 *
 * <p>About 4 minutes of CPU per epoch and fold on two cores. Run it with {@code infra/bench/harness/run.sh
 * EncoderFineTuneBenchmark -Dft.folds=5 -Dft.epochs=1 -Dft.evalEvery=58} (see
 * {@code infra/bench/harness/README.md}); other knobs: {@code ft.layers} (top layers trained,
 * all by default), {@code ft.lr} (3e-5), {@code ft.headLr} (1e-3), {@code ft.batch} (8 pairs),
 * {@code ft.promptTokens} (64, the end kept), {@code ft.responseTokens} (128, the start kept).
 */
public final class EncoderFineTuneBenchmark {
  private static final int HIDDEN = 384;
  private static final int HEADS = 12;
  private EncoderKind kind;
  private int layers;

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
    kind = EncoderKind.byFeaturizerName(System.getProperty("ft.encoder", "minilm"));
    int epochs = Integer.getInteger("ft.epochs", 3);
    int batch = Integer.getInteger("ft.batch", 8);
    float lr = Float.parseFloat(System.getProperty("ft.lr", "3e-5"));
    float headLr = Float.parseFloat(System.getProperty("ft.headLr", "1e-3"));
    int promptTokens = Integer.getInteger("ft.promptTokens", 64);
    int responseTokens = Integer.getInteger("ft.responseTokens", 128);
    int folds = Integer.getInteger("ft.folds", 1);
    int evalEvery = Integer.getInteger("ft.evalEvery", 0);

    Map<String, float[]> weights = new HashMap<>();
    Map<String, long[]> shapes = new HashMap<>();
    readOnnx(kind.onnxResource(), weights, shapes);
    layers = (int) weights.keySet().stream().filter(name -> name.startsWith("encoder.layer."))
        .map(name -> name.split("\\.")[2]).distinct().count();
    int trainLayers = Integer.getInteger("ft.layers", layers);
    HuggingFaceTokenizer tokenizer = SentenceEncoder.tokenizer(kind);
    PairSet all = TrainingPairs.read(SharedData.file(SharedData.HH));
    double[] accuracies = new double[folds];
    for (int fold = 0; fold < folds; fold++) {
      PromptSplit.Split split = PromptSplit.fold(all, fold, 5, "cv");
      try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        weights.forEach((name, data) -> params.put(name, manager.create(data, new Shape(shapes.get(name)))));
        params.put("head.weight", manager.zeros(new Shape(HIDDEN, 1)));
        params.put("head.bias", manager.zeros(new Shape(1)));
        if (fold == 0) {
          checkParity(manager, params, tokenizer);
        }
        List<String> trainable = new ArrayList<>();
        for (String name : params.keySet()) {
          boolean train = name.startsWith("head.");
          for (int l = layers - trainLayers; l < layers; l++) {
            train |= name.startsWith("encoder.layer." + l + ".");
          }
          if (train) {
            trainable.add(name);
            params.get(name).setRequiresGradient(true);
          }
        }
        Map<String, NDArray[]> adam = new HashMap<>();
        for (String name : trainable) {
          adam.put(name, new NDArray[] {manager.zeros(params.get(name).getShape()), manager.zeros(params.get(name).getShape())});
        }
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
                NDArray diff = margins(reward(manager, params, chunk));
                NDArray loss = Activation.softPlus(diff.neg()).mean();
                collector.backward(loss);
                stats = new float[] {loss.getFloat(), diff.gt(0).sum().toType(DataType.FLOAT32, false).getFloat()};
              }
              if (!Float.isFinite(stats[0])) {
                throw new IllegalStateException("loss " + stats[0] + " at step " + step);
              }
              lossSum += stats[0] * chunk.size();
              correct += (int) stats[1];
              if (!clipGradients(params, trainable, 1.0)) {
                skipped++;
                continue;
              }
              double lrScale = Math.min(1.0, step / 30.0);
              for (String name : trainable) {
                NDArray p = params.get(name);
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
              System.out.printf(Locale.ROOT, "FT fold %d step %d: held-out acc %.4f%n", fold, step, evaluate(manager, params, held));
            }
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          double accuracy = evaluate(manager, params, held);
          System.out.printf(Locale.ROOT, "FT fold %d epoch %d: train loss %.4f acc %.3f, held-out acc %.4f, %.0f s (%.1f pairs/s), %d steps skipped (non-finite gradient)%n",
              fold, epoch, lossSum / order.size(), correct / (double) order.size(), accuracy, seconds, order.size() / seconds, skipped);
          accuracies[fold] = accuracy;
        }
      }
    }
    System.out.printf(Locale.ROOT, "FT result layers=%d epochs=%d lr=%s: folds %s mean %.4f%n", trainLayers, epochs, lr,
        Arrays.toString(accuracies), Arrays.stream(accuracies).average().orElseThrow());
  }

  /**
   * Scales the gradients down to a global L2 norm of at most {@code maxNorm}, as fine-tuning recipes
   * do. A non-finite gradient (it happened about once an epoch) is zeroed instead and false returned:
   * the step is skipped.
   */
  private static boolean clipGradients(Map<String, NDArray> params, List<String> trainable, double maxNorm) {
    double squares = 0;
    for (String name : trainable) {
      squares += params.get(name).getGradient().square().sum().getFloat();
    }
    double norm = Math.sqrt(squares);
    if (!Double.isFinite(norm)) {
      for (String name : trainable) {
        params.get(name).getGradient().set(new NDIndex(":"), 0);
      }
      return false;
    }
    if (norm > maxNorm) {
      for (String name : trainable) {
        params.get(name).getGradient().muli((float) (maxNorm / norm));
      }
    }
    return true;
  }

  private double evaluate(NDManager manager, Map<String, NDArray> params, List<long[][]> held) {
    int correct = 0;
    for (int b = 0; b < held.size(); b += 16) {
      List<long[][]> chunk = held.subList(b, Math.min(b + 16, held.size()));
      try (NDScope scope = new NDScope()) {
        NDArray diff = margins(reward(manager, params, chunk));
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
  private NDArray reward(NDManager manager, Map<String, NDArray> params, List<long[][]> pairs) {
    List<long[]> ids = new ArrayList<>();
    List<long[]> types = new ArrayList<>();
    for (long[][] pair : pairs) {
      ids.add(pair[0]);
      types.add(pair[1]);
      ids.add(pair[2]);
      types.add(pair[3]);
    }
    NDArray pooled = encode(manager, params, ids, types);
    return pooled.matMul(params.get("head.weight")).add(params.get("head.bias")).reshape(-1);
  }

  /** The pooled last hidden state of each sequence, as the encoder pools (not normalised). */
  NDArray encode(NDManager manager, Map<String, NDArray> params, List<long[]> ids, List<long[]> types) {
    int batch = ids.size();
    int length = ids.stream().mapToInt(a -> a.length).max().orElseThrow();
    long[] flatIds = new long[batch * length];
    long[] flatTypes = new long[batch * length];
    long[] positions = new long[batch * length];
    float[] mask = new float[batch * length];
    for (int i = 0; i < batch; i++) {
      for (int t = 0; t < ids.get(i).length; t++) {
        flatIds[i * length + t] = ids.get(i)[t];
        flatTypes[i * length + t] = types.get(i)[t];
        mask[i * length + t] = 1;
      }
      for (int t = 0; t < length; t++) {
        positions[i * length + t] = t;
      }
    }
    NDArray maskArray = manager.create(mask, new Shape(batch, length));
    NDArray x = params.get("embeddings.word_embeddings.weight").get(new NDIndex("{}", manager.create(flatIds)))
        .add(params.get("embeddings.position_embeddings.weight").get(new NDIndex("{}", manager.create(positions))))
        .add(params.get("embeddings.token_type_embeddings.weight").get(new NDIndex("{}", manager.create(flatTypes))))
        .reshape(batch, length, HIDDEN);
    x = norm(x, params, "embeddings.LayerNorm");
    NDArray bias = maskArray.sub(1).mul(1e4f).reshape(batch, 1, 1, length);
    for (int l = 0; l < layers; l++) {
      String p = "encoder.layer." + l + ".";
      NDArray q = heads(linear(x, params, p + "attention.self.query"), batch, length);
      NDArray k = heads(linear(x, params, p + "attention.self.key"), batch, length);
      NDArray v = heads(linear(x, params, p + "attention.self.value"), batch, length);
      NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(HIDDEN / HEADS)).add(bias);
      NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN);
      NDArray attended = norm(x.add(linear(context, params, p + "attention.output.dense")), params, p + "attention.output.LayerNorm");
      NDArray inner = Activation.gelu(linear(attended, params, p + "intermediate.dense"));
      x = norm(attended.add(linear(inner, params, p + "output.dense")), params, p + "output.LayerNorm");
    }
    if (kind.pooling() == EncoderKind.Pooling.CLS) {
      return x.get(new NDIndex(":, 0, :"));
    }
    NDArray weights = maskArray.reshape(batch, length, 1);
    return x.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}));
  }

  private static NDArray heads(NDArray x, int batch, int length) {
    return x.reshape(batch, length, HEADS, HIDDEN / HEADS).transpose(0, 2, 1, 3);
  }

  private static NDArray linear(NDArray x, Map<String, NDArray> params, String name) {
    return x.matMul(params.get(name + ".weight")).add(params.get(name + ".bias"));
  }

  private static NDArray norm(NDArray x, Map<String, NDArray> params, String name) {
    return LayerNorm.layerNorm(x, new Shape(HIDDEN), params.get(name + ".weight"), params.get(name + ".bias"), 1e-12f).head();
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

  private void checkParity(NDManager manager, Map<String, NDArray> params, HuggingFaceTokenizer tokenizer) {
    List<String> texts = List.of("How do I bake bread?", "I can't help with that, it would hurt someone. Please talk to a professional.");
    try (SentenceEncoder encoder = SentenceEncoder.open(kind); NDScope scope = new NDScope()) {
      float[][] reference = encoder.encode(texts);
      List<long[]> ids = new ArrayList<>();
      List<long[]> types = new ArrayList<>();
      for (String text : texts) {
        ids.add(tokenizer.encode(text).getIds());
        types.add(new long[ids.getLast().length]);
      }
      // one at a time: no padding, as ONNX saw them
      for (int i = 0; i < texts.size(); i++) {
        NDArray pooled = encode(manager, params, List.of(ids.get(i)), List.of(types.get(i)));
        NDArray unit = pooled.div(pooled.norm());
        float[] ours = unit.toFloatArray();
        double maxDiff = 0;
        for (int h = 0; h < ours.length; h++) {
          maxDiff = Math.max(maxDiff, Math.abs(ours[h] - reference[i][h]));
        }
        System.out.printf(Locale.ROOT, "FT parity text %d: max |diff| %.2e%n", i, maxDiff);
      }
    }
  }

  // --- minimal ONNX (protobuf) reader: float initializers, MatMul weights named after their nodes ---

  private static void readOnnx(String resource, Map<String, float[]> weights, Map<String, long[]> shapes)
      throws Exception {
    byte[] bytes;
    try (InputStream in = EncoderFineTuneBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
      bytes = in.readAllBytes();
    }
    ByteBuffer model = ByteBuffer.wrap(bytes);
    ByteBuffer graph = null;
    for (Field f : fields(model)) {
      if (f.number == 7) graph = f.bytes;
    }
    Map<String, float[]> initData = new HashMap<>();
    Map<String, long[]> initDims = new HashMap<>();
    Map<String, String> matMulNames = new HashMap<>();
    for (Field f : fields(graph)) {
      if (f.number == 5) {
        String name = null;
        List<Long> dims = new ArrayList<>();
        int type = 0;
        ByteBuffer raw = null;
        for (Field t : fields(f.bytes)) {
          switch (t.number) {
            case 8 -> name = t.string();
            case 1 -> {
              if (t.bytes == null) dims.add(t.value);
              else while (t.bytes.hasRemaining()) dims.add(varint(t.bytes));
            }
            case 2 -> type = (int) t.value;
            case 9 -> raw = t.bytes;
            default -> {}
          }
        }
        if (type == 1 && raw != null) {
          float[] data = new float[raw.remaining() / 4];
          raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
          initData.put(name, data);
          initDims.put(name, dims.stream().mapToLong(Long::longValue).toArray());
        }
      } else if (f.number == 1) {
        List<String> inputs = new ArrayList<>();
        String nodeName = "";
        String op = "";
        for (Field n : fields(f.bytes)) {
          switch (n.number) {
            case 1 -> inputs.add(n.string());
            case 3 -> nodeName = n.string();
            case 4 -> op = n.string();
            default -> {}
          }
        }
        if (op.equals("MatMul") && inputs.size() == 2 && nodeName.endsWith("/MatMul")) {
          // "/encoder/layer.0/attention/self/query/MatMul" -> "encoder.layer.0.attention.self.query.weight"
          String base = nodeName.substring(1, nodeName.length() - "/MatMul".length()).replace('/', '.');
          matMulNames.put(inputs.get(1), base + ".weight");
        }
      }
    }
    initData.forEach((name, data) -> {
      String canonical = matMulNames.getOrDefault(name, name);
      if (canonical.startsWith("embeddings.") || canonical.startsWith("encoder.")) {
        weights.put(canonical, data);
        shapes.put(canonical, initDims.get(name));
      }
    });
  }

  private record Field(int number, long value, ByteBuffer bytes) {
    String string() {
      byte[] b = new byte[bytes.remaining()];
      bytes.duplicate().get(b);
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static List<Field> fields(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    List<Field> out = new ArrayList<>();
    while (b.hasRemaining()) {
      long key = varint(b);
      int number = (int) (key >>> 3);
      switch ((int) (key & 7)) {
        case 0 -> out.add(new Field(number, varint(b), null));
        case 1 -> { b.position(b.position() + 8); }
        case 5 -> { b.position(b.position() + 4); }
        case 2 -> {
          int length = (int) varint(b);
          ByteBuffer slice = b.slice(b.position(), length);
          b.position(b.position() + length);
          out.add(new Field(number, 0, slice));
        }
        default -> throw new IllegalStateException("wire type " + (key & 7));
      }
    }
    return out;
  }

  private static long varint(ByteBuffer b) {
    long result = 0;
    for (int shift = 0; ; shift += 7) {
      byte c = b.get();
      result |= (long) (c & 0x7f) << shift;
      if (c >= 0) return result;
    }
  }
}
