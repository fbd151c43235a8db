package dev.assay.trainer.featurize;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.TranslateException;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A pretrained sentence encoder run by DJL's OnnxRuntime engine, loaded from the classpath (nothing
 * is downloaded).
 *
 * <p>The tokenizer files carry truncation and fixed padding to 128 tokens: both are switched off and
 * done here instead: texts longer than {@value #MAX_TOKENS} tokens keep [CLS] and their END (in a
 * dialogue or a long answer the end is what decides), and each batch is padded only to its longest
 * text after sorting by length, which is what makes batching cheap. Output vectors are pooled as the
 * encoder was trained ({@link EncoderKind.Pooling}) and L2-normalised.
 *
 * <p>Concurrency: one ONNX Runtime session run by up to {@link #CONCURRENCY} threads at once, each
 * with its own DJL {@code Predictor} (which is not thread-safe) and a single intra-op thread. A
 * request that arrives while a forward pass runs starts at once on the other core instead of waiting
 * for it. Measured on the two-core machine (MiniLM, batches of 4 texts of 12 to 82 tokens): two
 * single-threaded runs side by side gave 1.3-1.4x the texts per second of one run with two intra-op
 * threads (whose threads synchronise after every small matrix product) and also of two such runs
 * side by side; the price is a lone text, which takes about 1.6x as long on one core. A call with
 * several batches spreads them over the predictors, so one caller (the trainer) uses both cores.
 */
public final class SentenceEncoder implements AutoCloseable {
  static final int MAX_TOKENS = 256;
  private static final int BATCH_SIZE = 16;

  /**
   * The fixed cost of one forward pass in tokens' worth of compute. MiniLM on the two-core machine: a
   * lone text of 3 tokens took 4.9 ms, of 82 tokens 20.5 ms, i.e. about 4.3 ms plus 0.2 ms per token.
   */
  private static final int CALL_COST_TOKENS = 22;

  /** Runs at once: one per core, at most four. */
  public static final int CONCURRENCY = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);

  private final EncoderKind kind;
  private final HuggingFaceTokenizer tokenizer;
  private final Model model;
  private final BlockingQueue<Predictor<TokenBatch, float[][]>> predictors;
  private final List<Predictor<TokenBatch, float[][]>> allPredictors = new ArrayList<>();
  private final ExecutorService batchRunners;
  private final AtomicLong encodedTexts = new AtomicLong();

  private SentenceEncoder(EncoderKind kind, HuggingFaceTokenizer tokenizer, Model model) {
    this.kind = kind;
    this.tokenizer = tokenizer;
    this.model = model;
    this.predictors = new ArrayBlockingQueue<>(CONCURRENCY);
    for (int i = 0; i < CONCURRENCY; i++) {
      Predictor<TokenBatch, float[][]> predictor = model.newPredictor(new PoolingTranslator(kind.pooling()));
      allPredictors.add(predictor);
      predictors.add(predictor);
    }
    this.batchRunners = Executors.newFixedThreadPool(CONCURRENCY, Thread.ofPlatform().daemon().name("assay-encoder-", 0).factory());
  }

  /** Loads the encoder's ONNX file and tokenizer from the classpath. */
  public static SentenceEncoder open(EncoderKind kind) {
    ClassLoader loader = SentenceEncoder.class.getClassLoader();
    Model model = Model.newInstance(kind.featurizerName(), Device.cpu(), "OnnxRuntime");
    try (InputStream onnx = resource(loader, kind.onnxResource());
        OrtSession.SessionOptions options = sessionOptions(1)) {
      HuggingFaceTokenizer tokenizer = tokenizer(kind);
      model.load(onnx, Map.of("sessionOptions", options));
      return new SentenceEncoder(kind, tokenizer, model);
    } catch (IOException | MalformedModelException | OrtException | RuntimeException e) {
      model.close();
      throw new IllegalStateException("cannot load sentence encoder " + kind.featurizerName(), e);
    }
  }

  /**
   * {@code intraOpThreads} per run, and idle ones sleep instead of spinning (ONNX Runtime's default):
   * on a two-core machine a spinning thread takes the core that request threads and the next batch need.
   */
  public static OrtSession.SessionOptions sessionOptions(int intraOpThreads) throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setInterOpNumThreads(1);
    options.setIntraOpNumThreads(intraOpThreads);
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    return options;
  }

  /**
   * The encoder's tokenizer from the classpath, with the truncation and fixed padding its file carries
   * switched off: texts are cut to {@value #MAX_TOKENS} tokens here, keeping their end.
   */
  public static HuggingFaceTokenizer tokenizer(EncoderKind kind) throws IOException {
    try (InputStream json = resource(SentenceEncoder.class.getClassLoader(), kind.tokenizerResource())) {
      return HuggingFaceTokenizer.newInstance(json, Map.of("truncation", "false", "padding", "false"));
    }
  }

  private static InputStream resource(ClassLoader loader, String name) throws IOException {
    InputStream stream = loader.getResourceAsStream(name);
    if (stream == null) {
      throw new IOException(name + " is not on the classpath (langchain4j embeddings jar missing?)");
    }
    return stream;
  }

  public EncoderKind kind() {
    return kind;
  }

  /** How many texts went through the network since opening (cache hits never reach it). */
  public long encodedTexts() {
    return encodedTexts.get();
  }

  /** One L2-normalised vector per text, in input order. Thread-safe. */
  public float[][] encode(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    Integer[] order = new Integer[texts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
    int[] lengths = new int[order.length];
    Arrays.setAll(lengths, i -> Math.min(encodings[order[i]].getIds().length, MAX_TOKENS));
    float[][] vectors = new float[texts.size()][];
    List<Runnable> batches = new ArrayList<>();
    int start = 0;
    for (int end : batchEnds(lengths)) {
      int from = start;
      batches.add(() -> {
        List<Encoding> batch = new ArrayList<>();
        for (int i = from; i < end; i++) {
          batch.add(encodings[order[i]]);
        }
        float[][] pooled = predict(TokenBatch.of(batch));
        for (int i = 0; i < pooled.length; i++) {
          vectors[order[from + i]] = pooled[i];
        }
      });
      start = end;
    }
    run(batches);
    encodedTexts.addAndGet(texts.size());
    return vectors;
  }

  /** Runs one batch on the calling thread, several on the batch runners (one predictor each). */
  private void run(List<Runnable> batches) {
    if (batches.size() <= 1 || CONCURRENCY == 1) {
      batches.forEach(Runnable::run);
      return;
    }
    List<Future<?>> running = batches.stream().<Future<?>>map(batchRunners::submit).toList();
    try {
      for (Future<?> batch : running) {
        batch.get();
      }
    } catch (InterruptedException e) {
      running.forEach(batch -> batch.cancel(true));
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while encoding", e);
    } catch (ExecutionException e) {
      running.forEach(batch -> batch.cancel(true));
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    }
  }

  /**
   * Where to cut texts sorted by length into batches (exclusive ends), so that padding plus the
   * fixed cost of each forward pass is least. A batch costs about {@link #CALL_COST_TOKENS} plus its
   * size times its longest text; cutting between a 12-token and a 90-token text saves more than the
   * extra call costs, while similar lengths stay together (at most {@link #BATCH_SIZE}). Shortest
   * total by dynamic programming over the sorted lengths.
   */
  static int[] batchEnds(int[] sortedLengths) {
    int n = sortedLengths.length;
    long[] best = new long[n + 1];
    int[] cut = new int[n + 1];
    for (int end = 1; end <= n; end++) {
      best[end] = Long.MAX_VALUE;
      for (int begin = Math.max(0, end - BATCH_SIZE); begin < end; begin++) {
        long cost = best[begin] + CALL_COST_TOKENS + (long) (end - begin) * sortedLengths[end - 1];
        if (cost < best[end]) {
          best[end] = cost;
          cut[end] = begin;
        }
      }
    }
    int count = 0;
    for (int end = n; end > 0; end = cut[end]) {
      count++;
    }
    int[] ends = new int[count];
    for (int end = n, i = count - 1; end > 0; end = cut[end], i--) {
      ends[i] = end;
    }
    return ends;
  }

  private float[][] predict(TokenBatch batch) {
    Predictor<TokenBatch, float[][]> predictor;
    try {
      predictor = predictors.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the sentence encoder", e);
    }
    try {
      return predictor.predict(batch);
    } catch (TranslateException e) {
      throw new IllegalStateException("sentence encoder " + kind.featurizerName() + " failed", e);
    } finally {
      predictors.add(predictor);
    }
  }

  @Override
  public void close() {
    batchRunners.shutdownNow();
    allPredictors.forEach(Predictor::close);
    model.close();
    tokenizer.close();
  }

  /** Token ids of a batch, truncated to the end and right-padded with 0 to the longest text. */
  record TokenBatch(long[][] ids, long[][] typeIds, long[][] mask) {
    static TokenBatch of(List<Encoding> encodings) {
      int length = 0;
      for (Encoding encoding : encodings) {
        length = Math.max(length, Math.min(encoding.getIds().length, MAX_TOKENS));
      }
      int n = encodings.size();
      long[][] ids = new long[n][length];
      long[][] types = new long[n][length];
      long[][] mask = new long[n][length];
      for (int i = 0; i < n; i++) {
        copyKeepingEnd(encodings.get(i).getIds(), ids[i]);
        copyKeepingEnd(encodings.get(i).getTypeIds(), types[i]);
        copyKeepingEnd(encodings.get(i).getAttentionMask(), mask[i]);
      }
      return new TokenBatch(ids, types, mask);
    }

    /** Copies all of {@code source} if it fits, else its first element ([CLS]) and its tail. */
    private static void copyKeepingEnd(long[] source, long[] target) {
      if (source.length <= MAX_TOKENS) {
        System.arraycopy(source, 0, target, 0, source.length);
      } else {
        target[0] = source[0];
        System.arraycopy(source, source.length - (MAX_TOKENS - 1), target, 1, MAX_TOKENS - 1);
      }
    }
  }

  /** Feeds named inputs to the ONNX graph; pools and normalises {@code last_hidden_state} in Java. */
  private record PoolingTranslator(EncoderKind.Pooling pooling) implements NoBatchifyTranslator<TokenBatch, float[][]> {
    @Override
    public NDList processInput(TranslatorContext ctx, TokenBatch batch) {
      NDManager manager = ctx.getNDManager();
      NDArray ids = manager.create(batch.ids());
      ids.setName("input_ids");
      NDArray mask = manager.create(batch.mask());
      mask.setName("attention_mask");
      NDArray types = manager.create(batch.typeIds());
      types.setName("token_type_ids");
      ctx.setAttachment("mask", batch.mask());
      return new NDList(ids, mask, types);
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList output) {
      NDArray hidden = output.get("last_hidden_state") != null ? output.get("last_hidden_state") : output.get(0);
      long[][] mask = (long[][]) ctx.getAttachment("mask");
      int tokens = (int) hidden.getShape().get(1);
      int width = (int) hidden.getShape().get(2);
      float[] states = hidden.toFloatArray();
      float[][] pooled = new float[mask.length][width];
      int used = pooling == EncoderKind.Pooling.CLS ? 1 : tokens;
      for (int b = 0; b < mask.length; b++) {
        for (int t = 0; t < used; t++) {
          if (mask[b][t] == 0) {
            continue;
          }
          int offset = (b * tokens + t) * width;
          for (int h = 0; h < width; h++) {
            pooled[b][h] += states[offset + h];
          }
        }
        normalise(pooled[b]);
      }
      return pooled;
    }

    /**
     * L2 normalisation. For mean pooling the division by the token count is skipped: it would
     * only scale the vector, which normalisation undoes.
     */
    private static void normalise(float[] vector) {
      double squares = 0;
      for (float v : vector) {
        squares += (double) v * v;
      }
      float scale = (float) (1 / Math.max(Math.sqrt(squares), 1e-12));
      for (int i = 0; i < vector.length; i++) {
        vector[i] *= scale;
      }
    }
  }
}
