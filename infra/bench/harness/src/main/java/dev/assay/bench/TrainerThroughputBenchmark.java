package dev.assay.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.assay.trainer.featurize.EncoderKind;
import dev.assay.trainer.featurize.Featurizer;
import dev.assay.trainer.featurize.FeaturizerOptions;
import dev.assay.trainer.featurize.Featurizers;
import dev.assay.trainer.featurize.SentenceEncoder;
import dev.assay.trainer.model.BradleyTerryLoss;
import dev.assay.trainer.model.ModelKind;
import dev.assay.trainer.model.RewardNetwork;
import dev.assay.trainer.training.PairSet;
import dev.assay.trainer.training.TrainingConfig;
import dev.assay.trainer.training.TrainingJob;
import dev.assay.trainer.training.TrainingPair;
import dev.assay.trainer.training.TrainingPairs;
import dev.assay.trainer.training.TrainingResult;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Issue 7, figures 1 and 2: the trainer's DJL loop next to a plain PyTorch loop in Python on the
 * same precomputed features, and the trainer's {@link SentenceEncoder} next to a bare ONNX Runtime
 * session on the same texts. Every comparison alternates the two sides round by round in one JVM
 * (the machine is shared), and prints per-round figures, medians and the median of per-round ratios.
 *
 * <p>Run through {@code infra/bench/trainer/run.sh}, or {@code infra/bench/harness/run.sh
 * TrainerThroughputBenchmark [train] [embed]} (both comparisons when none is named; see
 * {@code infra/bench/harness/README.md}). Settings (system properties): {@code assay.bench.pairs}
 * (1024), {@code assay.bench.epochs} (3), {@code assay.bench.rounds} (3), {@code assay.bench.texts}
 * (800), {@code assay.bench.dir} (/tmp/assay-bench-trainer), {@code assay.bench.python}
 * (/usr/bin/python3), {@code assay.bench.torch-script} (infra/bench/trainer/torch_loop.py).
 */
public final class TrainerThroughputBenchmark {
  private static final int THREADS = 2;
  private static final int BATCH = 32;
  private static final int HIDDEN = 64;
  private static final float LEARNING_RATE = 1e-3f;
  private static final float WEIGHT_DECAY = 0.01f;
  private static final float CENTERING = 0.01f;
  private static final int SEED = 42;

  static {
    // must be set before the PyTorch engine starts
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(THREADS));
  }

  private final int pairCount = Integer.getInteger("assay.bench.pairs", 1024);
  private final int epochs = Integer.getInteger("assay.bench.epochs", 3);
  private final int rounds = Integer.getInteger("assay.bench.rounds", 3);
  private final int textCount = Integer.getInteger("assay.bench.texts", 800);
  private final Path dir = Path.of(System.getProperty("assay.bench.dir", "/tmp/assay-bench-trainer"));

  /** Arguments: {@code train} (figure 1), {@code embed} (figure 2); both, in that order, when none is given. */
  public static void main(String[] args) throws Exception {
    List<String> parts = args.length == 0 ? List.of("train", "embed") : List.of(args);
    for (String part : parts) {
      if (!part.equals("train") && !part.equals("embed")) {
        throw new IllegalArgumentException("unknown argument " + part
            + ": expected train and/or embed (settings are -D options before the class name)");
      }
    }
    TrainerThroughputBenchmark benchmark = new TrainerThroughputBenchmark();
    if (parts.contains("train")) {
      benchmark.trainingThroughputDjlVersusPyTorch();
    }
    if (parts.contains("embed")) {
      benchmark.minilmThroughputEncoderVersusBareOnnxRuntime();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 1. Training throughput

  private void trainingThroughputDjlVersusPyTorch() throws Exception {
    Files.createDirectories(dir);
    List<TrainingPair> pairs = TrainingPairs.read(SharedData.file(SharedData.HH)).pairs().stream()
        .filter(pair -> !pair.tie()).limit(pairCount).toList();
    float[][] a = new float[pairs.size()][];
    float[][] b = new float[pairs.size()][];
    int dimension;
    long featurizeStart = System.nanoTime();
    try (Featurizer featurizer = Featurizers.create("hashed", FeaturizerOptions.inMemory())) {
      dimension = featurizer.dimension();
      for (int i = 0; i < pairs.size(); i++) {
        TrainingPair pair = pairs.get(i);
        float[][] rows = featurizer.featurize(pair.prompt(), List.of(pair.chosen(), pair.rejected()));
        a[i] = rows[0];
        b[i] = rows[1];
      }
    }
    double featurizeSeconds = (System.nanoTime() - featurizeStart) / 1e9;
    Path features = dir.resolve("features.f32");
    writeFeatures(features, a, b, dimension);
    Path script = Path.of(System.getProperty("assay.bench.torch-script", SharedData.repositoryRoot()
        .resolve("infra/bench/trainer/torch_loop.py").toString()));
    String python = System.getProperty("assay.bench.python", "/usr/bin/python3");
    System.out.printf(Locale.ROOT,
        "TRAIN setup: %d HH pairs, hashed dim %d, hidden %d, batch %d, AdamW lr %.0e wd %.2f, centering %.2f, "
            + "%d timed epochs (+1 warm-up) per round, %d rounds; featurized in %.2f s; features %s (%d MB)%n",
        pairs.size(), dimension, HIDDEN, BATCH, LEARNING_RATE, WEIGHT_DECAY, CENTERING, epochs, rounds,
        featurizeSeconds, features, Files.size(features) >> 20);
    System.out.println("TRAIN loadavg at start: " + loadAverage());

    double[] djl = new double[rounds];
    double[] torch = new double[rounds];
    double[] job = new double[rounds];
    String torchInfo = "";
    String djlInfo = "";
    for (int round = 0; round < rounds; round++) {
      // alternate which side goes first, so a load change hits both sides alike
      boolean djlFirst = round % 2 == 0;
      if (djlFirst) {
        Measured m = djlPrecomputed(a, b, dimension);
        djl[round] = m.rate;
        djlInfo = m.info;
      }
      Measured t = pythonLoop(python, script, features);
      torch[round] = t.rate;
      torchInfo = t.info;
      if (!djlFirst) {
        Measured m = djlPrecomputed(a, b, dimension);
        djl[round] = m.rate;
        djlInfo = m.info;
      }
      job[round] = djlTrainingJob(pairs);
      System.out.printf(Locale.ROOT,
          "TRAIN round %d: DJL precomputed %.0f pairs/s, PyTorch %.0f pairs/s (ratio %.2f), "
              + "DJL TrainingJob featurizing per batch %.0f pairs/s; loadavg %s%n",
          round + 1, djl[round], torch[round], djl[round] / torch[round], job[round], loadAverage());
    }
    double[] ratios = IntStream.range(0, rounds).mapToDouble(i -> djl[i] / torch[i]).toArray();
    System.out.println("TRAIN threads: DJL " + djlInfo + "; PyTorch " + torchInfo);
    System.out.printf(Locale.ROOT,
        "RESULT train_djl_precomputed_pairs_per_s=%.0f train_torch_pairs_per_s=%.0f train_ratio=%.2f "
            + "train_ratio_of_medians=%.2f train_djl_trainingjob_pairs_per_s=%.0f%n",
        median(djl), median(torch), median(ratios), median(djl) / median(torch), median(job));
  }

  private record Measured(double rate, String info) {}

  /**
   * The trainer's network, loss and optimizer settings in DJL's {@code EasyTrain} loop (as
   * {@code TrainingJob} runs it), fed by a dataset shaped like {@code PairDataset} but over
   * precomputed feature rows: each batch copies its rows into fresh NDArrays, as PairDataset does.
   */
  private Measured djlPrecomputed(float[][] a, float[][] b, int dimension) throws Exception {
    try (Model model = Model.newInstance("bench", Device.cpu(), "PyTorch")) {
      model.setBlock(new RewardNetwork(ModelKind.REWARD, HIDDEN));
      Engine.getEngine("PyTorch").setRandomSeed(SEED);
      DefaultTrainingConfig config = new DefaultTrainingConfig(new BradleyTerryLoss(CENTERING))
          .optOptimizer(Optimizer.adamW()
              .optLearningRateTracker(Tracker.fixed(LEARNING_RATE))
              .optWeightDecays(WEIGHT_DECAY)
              .build())
          .optDevices(new Device[] {Device.cpu()});
      try (Trainer trainer = model.newTrainer(config)) {
        Shape shape = new Shape(BATCH, dimension);
        trainer.initialize(shape, shape);
        EasyTrain.fit(trainer, 1, new PrecomputedPairs(a, b, BATCH, SEED * 1_000_003L), null); // warm-up
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= epochs; epoch++) {
          EasyTrain.fit(trainer, 1, new PrecomputedPairs(a, b, BATCH, SEED * 1_000_003L + epoch), null);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Measured(epochs * (double) a.length / seconds,
            "intra-op " + JniUtils.getNumThreads() + ", inter-op " + JniUtils.getNumInteropThreads()
                + ", libtorch " + Engine.getEngine("PyTorch").getVersion());
      }
    }
  }

  /** The trainer's public API end to end: hashes every batch inside the loop, checkpoints each epoch. */
  private double djlTrainingJob(List<TrainingPair> pairs) throws IOException {
    Path out = Files.createTempDirectory(dir, "job");
    TrainingConfig config = TrainingConfig.builder()
        .optEpochs(epochs).optValidationFraction(0).optEarlyStoppingPatience(0).optSeed(SEED).build();
    TrainingResult result = TrainingJob.builder()
        .setConfig(config).setTrainingData(new PairSet(pairs, Map.of())).setOutputDirectory(out).build().run();
    deleteTree(out);
    return result.pairsPerSecond();
  }

  private Measured pythonLoop(String python, Path script, Path features) throws Exception {
    Process process = new ProcessBuilder(python, script.toString(), features.toString(),
            "--epochs", Integer.toString(epochs), "--threads", Integer.toString(THREADS),
            "--batch", Integer.toString(BATCH), "--hidden", Integer.toString(HIDDEN), "--seed", Integer.toString(SEED))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("PyTorch loop failed:\n" + output);
    }
    Map<String, String> values = new HashMap<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("TORCH ")) {
        for (String token : line.substring(6).trim().split(" ")) {
          String[] kv = token.split("=", 2);
          values.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
      }
    }
    if (!values.containsKey("pairs_per_s")) {
      throw new IllegalStateException("no result from the PyTorch loop:\n" + output);
    }
    return new Measured(Double.parseDouble(values.get("pairs_per_s")),
        "intra-op " + values.get("threads") + ", inter-op " + values.get("interop") + ", torch " + values.get("torch"));
  }

  /** int32 n, int32 dim (little endian), then n rows of A, then n rows of B, float32 little endian. */
  private static void writeFeatures(Path file, float[][] a, float[][] b, int dimension) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      header.putInt(a.length).putInt(dimension);
      out.write(header.array());
      ByteBuffer row = ByteBuffer.allocate(dimension * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float[][] side : new float[][][] {a, b}) {
        for (float[] r : side) {
          row.clear();
          row.asFloatBuffer().put(r);
          out.write(row.array());
        }
      }
    }
  }

  /** Like PairDataset: shuffled order per epoch, batches of fresh NDArrays (A, B) and labels (tie, margin). */
  private record PrecomputedPairs(float[][] a, float[][] b, int batchSize, long seed) implements Dataset {
    @Override
    public Iterable<Batch> getData(NDManager manager) {
      List<Integer> order = new ArrayList<>(IntStream.range(0, a.length).boxed().toList());
      Collections.shuffle(order, new Random(seed));
      int batches = (a.length + batchSize - 1) / batchSize;
      return () -> new Iterator<>() {
        private int next;
        private int served;

        @Override
        public boolean hasNext() {
          return next < order.size();
        }

        @Override
        public Batch next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          List<Integer> indices = order.subList(next, Math.min(next + batchSize, order.size()));
          next += indices.size();
          float[][] rowsA = new float[indices.size()][];
          float[][] rowsB = new float[indices.size()][];
          for (int i = 0; i < indices.size(); i++) {
            rowsA[i] = a[indices.get(i)];
            rowsB[i] = b[indices.get(i)];
          }
          NDManager sub = manager.newSubManager();
          NDList data = new NDList(sub.create(rowsA), sub.create(rowsB));
          NDList labels = new NDList(sub.zeros(new Shape(indices.size())), sub.zeros(new Shape(indices.size())));
          return new Batch(sub, data, labels, indices.size(), Batchifier.STACK, Batchifier.STACK, ++served, batches);
        }
      };
    }

    @Override
    public void prepare(Progress progress) {}
  }

  // ---------------------------------------------------------------------------------------------
  // 2. MiniLM embedding throughput

  private void minilmThroughputEncoderVersusBareOnnxRuntime() throws Exception {
    List<String> texts = new ArrayList<>();
    for (TrainingPair pair : TrainingPairs.read(SharedData.file(SharedData.HH)).pairs()) {
      if (texts.size() >= textCount) {
        break;
      }
      texts.add(pair.chosen());
      texts.add(pair.rejected());
    }
    texts = texts.subList(0, Math.min(textCount, texts.size()));
    System.out.println("EMBED loadavg at start: " + loadAverage());
    // SentenceEncoder has no cache: the embedding cache lives in SentenceEncoderFeaturizer, bypassed here
    try (SentenceEncoder encoder = SentenceEncoder.open(EncoderKind.MINILM);
        BareMiniLm bare = new BareMiniLm()) {
      List<String> warmUp = texts.subList(0, 48);
      encoder.encode(warmUp);
      bare.encode(warmUp);
      double[] ours = new double[rounds];
      double[] raw = new double[rounds];
      float[][] oursVectors = null;
      float[][] rawVectors = null;
      for (int round = 0; round < rounds; round++) {
        boolean oursFirst = round % 2 == 0;
        for (int side = 0; side < 2; side++) {
          boolean runOurs = (side == 0) == oursFirst;
          long start = System.nanoTime();
          float[][] vectors = runOurs ? encoder.encode(texts) : bare.encode(texts);
          double rate = texts.size() / ((System.nanoTime() - start) / 1e9);
          if (runOurs) {
            ours[round] = rate;
            oursVectors = vectors;
          } else {
            raw[round] = rate;
            rawVectors = vectors;
          }
        }
        System.out.printf(Locale.ROOT,
            "EMBED round %d: SentenceEncoder %.1f texts/s, bare OrtSession %.1f texts/s (ratio %.2f); loadavg %s%n",
            round + 1, ours[round], raw[round], ours[round] / raw[round], loadAverage());
      }
      double maxDifference = 0;
      for (int i = 0; i < texts.size(); i++) {
        for (int h = 0; h < oursVectors[i].length; h++) {
          maxDifference = Math.max(maxDifference, Math.abs(oursVectors[i][h] - rawVectors[i][h]));
        }
      }
      double[] ratios = IntStream.range(0, rounds).mapToDouble(i -> ours[i] / raw[i]).toArray();
      int tokens = 0;
      for (Encoding e : bare.tokenizer.batchEncode(texts)) {
        tokens += Math.min(e.getIds().length, 256);
      }
      System.out.printf(Locale.ROOT,
          "EMBED setup: %d HH responses (mean %.0f tokens after truncation to 256), sorted by length; bare: batches of %d"
              + " one at a time, ONNX intra-op %d; encoder: its own batch cuts, %d single-threaded runs at once; %d rounds;"
              + " max |difference| between the two outputs %.2e%n",
          texts.size(), tokens / (double) texts.size(), BareMiniLm.BATCH, Runtime.getRuntime().availableProcessors(),
          SentenceEncoder.CONCURRENCY, rounds, maxDifference);
      System.out.printf(Locale.ROOT,
          "RESULT embed_encoder_texts_per_s=%.1f embed_bare_ort_texts_per_s=%.1f embed_ratio=%.2f "
              + "embed_ratio_of_medians=%.2f embed_max_abs_diff=%.2e%n",
          median(ours), median(raw), median(ratios), median(ours) / median(raw), maxDifference);
    }
  }

  /**
   * all-MiniLM-L6-v2 straight on ONNX Runtime's Java API: same tokenizer file and options, same
   * length sorting, batch size, end-keeping truncation to 256 tokens, masked mean pooling and L2
   * normalisation as SentenceEncoder; one session run one batch at a time with an intra-op thread
   * per core (ONNX Runtime's own way to use the machine from a single caller).
   */
  private static final class BareMiniLm implements AutoCloseable {
    static final int BATCH = 16;
    static final int MAX_TOKENS = 256;
    final HuggingFaceTokenizer tokenizer;
    final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    final OrtSession session;

    BareMiniLm() throws Exception {
      ClassLoader loader = getClass().getClassLoader();
      try (InputStream onnx = loader.getResourceAsStream("all-minilm-l6-v2.onnx")) {
        tokenizer = SentenceEncoder.tokenizer(EncoderKind.MINILM);
        // One caller, one session, every core through ONNX Runtime's own intra-op threads (the encoder
        // instead runs single-threaded batches side by side).
        try (OrtSession.SessionOptions options = SentenceEncoder.sessionOptions(Runtime.getRuntime().availableProcessors())) {
          session = environment.createSession(onnx.readAllBytes(), options);
        }
      }
    }

    float[][] encode(List<String> texts) throws Exception {
      Encoding[] encodings = tokenizer.batchEncode(texts);
      Integer[] order = new Integer[texts.size()];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
      float[][] vectors = new float[texts.size()][];
      for (int start = 0; start < order.length; start += BATCH) {
        int n = Math.min(BATCH, order.length - start);
        int length = 0;
        for (int i = 0; i < n; i++) {
          length = Math.max(length, Math.min(encodings[order[start + i]].getIds().length, MAX_TOKENS));
        }
        long[][] ids = new long[n][length];
        long[][] types = new long[n][length];
        long[][] mask = new long[n][length];
        for (int i = 0; i < n; i++) {
          Encoding e = encodings[order[start + i]];
          keepEnd(e.getIds(), ids[i]);
          keepEnd(e.getTypeIds(), types[i]);
          keepEnd(e.getAttentionMask(), mask[i]);
        }
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(environment, ids);
            OnnxTensor maskTensor = OnnxTensor.createTensor(environment, mask);
            OnnxTensor typesTensor = OnnxTensor.createTensor(environment, types);
            OrtSession.Result result = session.run(
                Map.of("input_ids", idsTensor, "attention_mask", maskTensor, "token_type_ids", typesTensor))) {
          OnnxTensor hidden = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
          long[] shape = hidden.getInfo().getShape();
          int tokens = (int) shape[1];
          int width = (int) shape[2];
          FloatBuffer states = hidden.getFloatBuffer();
          for (int i = 0; i < n; i++) {
            float[] pooled = new float[width];
            for (int t = 0; t < tokens; t++) {
              if (mask[i][t] == 0) {
                continue;
              }
              int offset = (i * tokens + t) * width;
              for (int h = 0; h < width; h++) {
                pooled[h] += states.get(offset + h);
              }
            }
            double squares = 0;
            for (float v : pooled) {
              squares += (double) v * v;
            }
            float scale = (float) (1 / Math.max(Math.sqrt(squares), 1e-12));
            for (int h = 0; h < width; h++) {
              pooled[h] *= scale;
            }
            vectors[order[start + i]] = pooled;
          }
        }
      }
      return vectors;
    }

    private static void keepEnd(long[] source, long[] target) {
      if (source.length <= MAX_TOKENS) {
        System.arraycopy(source, 0, target, 0, source.length);
      } else {
        target[0] = source[0];
        System.arraycopy(source, source.length - (MAX_TOKENS - 1), target, 1, MAX_TOKENS - 1);
      }
    }

    @Override
    public void close() throws Exception {
      session.close();
      tokenizer.close();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "?";
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
