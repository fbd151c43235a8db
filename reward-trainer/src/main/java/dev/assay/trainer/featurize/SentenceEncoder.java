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
 * <p>{@link #encode} is synchronized: a DJL {@code Predictor} is not thread-safe, and ONNX Runtime
 * already uses both cores for one batch.
 */
public final class SentenceEncoder implements AutoCloseable {
  static final int MAX_TOKENS = 256;
  private static final int BATCH_SIZE = 16;

  private final EncoderKind kind;
  private final HuggingFaceTokenizer tokenizer;
  private final Model model;
  private final Predictor<TokenBatch, float[][]> predictor;
  private final AtomicLong encodedTexts = new AtomicLong();

  private SentenceEncoder(EncoderKind kind, HuggingFaceTokenizer tokenizer, Model model) {
    this.kind = kind;
    this.tokenizer = tokenizer;
    this.model = model;
    this.predictor = model.newPredictor(new PoolingTranslator(kind.pooling()));
  }

  /** Loads the encoder's ONNX file and tokenizer from the classpath. */
  public static SentenceEncoder open(EncoderKind kind) {
    ClassLoader loader = SentenceEncoder.class.getClassLoader();
    Model model = Model.newInstance(kind.featurizerName(), Device.cpu(), "OnnxRuntime");
    try (InputStream tokenizerJson = resource(loader, kind.tokenizerResource());
        InputStream onnx = resource(loader, kind.onnxResource());
        OrtSession.SessionOptions options = sessionOptions()) {
      HuggingFaceTokenizer tokenizer =
          HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of("truncation", "false", "padding", "false"));
      model.load(onnx, Map.of("sessionOptions", options));
      return new SentenceEncoder(kind, tokenizer, model);
    } catch (IOException | MalformedModelException | OrtException | RuntimeException e) {
      model.close();
      throw new IllegalStateException("cannot load sentence encoder " + kind.featurizerName(), e);
    }
  }

  /**
   * Two intra-op threads, and idle ones sleep instead of spinning (ONNX Runtime's default): on a
   * two-core machine a spinning thread takes the core that request threads and the next batch need.
   */
  public static OrtSession.SessionOptions sessionOptions() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setInterOpNumThreads(1);
    options.setIntraOpNumThreads(2);
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    return options;
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

  /** One L2-normalised vector per text, in input order. */
  public synchronized float[][] encode(List<String> texts) {
    Encoding[] encodings = tokenizer.batchEncode(texts);
    Integer[] order = new Integer[texts.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> encodings[i].getIds().length));
    float[][] vectors = new float[texts.size()][];
    for (int start = 0; start < order.length; start += BATCH_SIZE) {
      List<Encoding> batch = new ArrayList<>();
      for (int i = start; i < Math.min(start + BATCH_SIZE, order.length); i++) {
        batch.add(encodings[order[i]]);
      }
      float[][] pooled = predict(TokenBatch.of(batch));
      for (int i = 0; i < pooled.length; i++) {
        vectors[order[start + i]] = pooled[i];
      }
    }
    encodedTexts.addAndGet(texts.size());
    return vectors;
  }

  private float[][] predict(TokenBatch batch) {
    try {
      return predictor.predict(batch);
    } catch (TranslateException e) {
      throw new IllegalStateException("sentence encoder " + kind.featurizerName() + " failed", e);
    }
  }

  @Override
  public void close() {
    predictor.close();
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
