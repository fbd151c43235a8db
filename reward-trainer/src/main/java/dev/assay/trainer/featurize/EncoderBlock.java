package dev.assay.trainer.featurize;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sentence encoder (BERT: MiniLM or bge-small) as a DJL block on the PyTorch engine, so that its weights
 * can be trained with the classifier head on top. Input: token ids, token types and attention mask, each
 * [batch, tokens] ({@link EncoderInputs}); output: the pooled last hidden state as the encoder pools it
 * ({@link EncoderKind.Pooling}), L2-normalised like {@link SentenceEncoder}'s vectors, so that a head
 * sees the features it would see on the frozen encoder. Written out with NDArray operations; its
 * output matches ONNX Runtime's on the same weights to about 1e-7.
 *
 * <p>The word, position and token-type embeddings are frozen: they hold most of the weights (12 M of
 * MiniLM's 23 M) and fine-tuning recipes gain little from training them on a few thousand texts.
 */
public final class EncoderBlock extends AbstractBlock {
  public static final int WIDTH = 384;
  private static final int HEADS = 12;
  private static final byte VERSION = 1;
  private static final float LAYER_NORM_EPSILON = 1e-12f;

  private final EncoderKind kind;
  private final Map<String, Parameter> byName = new LinkedHashMap<>();

  private EncoderBlock(EncoderKind kind, Map<String, EncoderWeights.Tensor> pretrained) {
    super(VERSION);
    this.kind = kind;
    for (String name : parameterNames(kind.layers())) {
      Parameter.Builder parameter = Parameter.builder()
          .setName(name)
          .setType(name.endsWith(".bias") ? Parameter.Type.BIAS : Parameter.Type.WEIGHT)
          .optRequiresGrad(!name.startsWith("embeddings."));
      if (pretrained != null) {
        EncoderWeights.Tensor tensor = pretrained.get(name);
        if (tensor == null) {
          throw new IllegalStateException(kind.onnxResource() + " has no tensor " + name);
        }
        parameter.optShape(new Shape(tensor.shape()))
            .optInitializer((manager, shape, dataType) -> manager.create(tensor.values(), shape));
      }
      byName.put(name, addParameter(parameter.build()));
    }
  }

  /** The encoder with its pretrained weights (given to it when the block is initialised). */
  public static EncoderBlock pretrained(EncoderKind kind) throws IOException {
    return new EncoderBlock(kind, EncoderWeights.read(kind));
  }

  /** The encoder's layout only, to load saved parameters into. */
  public static EncoderBlock forLoading(EncoderKind kind) {
    return new EncoderBlock(kind, null);
  }

  public EncoderKind kind() {
    return kind;
  }

  private static List<String> parameterNames(int layers) {
    List<String> names = new ArrayList<>(List.of(
        "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight",
        "embeddings.token_type_embeddings.weight", "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias"));
    for (int l = 0; l < layers; l++) {
      for (String part : List.of("attention.self.query", "attention.self.key", "attention.self.value",
          "attention.output.dense", "attention.output.LayerNorm", "intermediate.dense", "output.dense", "output.LayerNorm")) {
        names.add("encoder.layer." + l + "." + part + ".weight");
        names.add("encoder.layer." + l + "." + part + ".bias");
      }
    }
    return names;
  }

  @Override
  protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.get(0);
    Device device = ids.getDevice();
    Map<String, NDArray> p = new LinkedHashMap<>();
    byName.forEach((name, parameter) -> p.put(name, store.getValue(parameter, device, training)));
    long batch = ids.getShape().get(0);
    int length = (int) ids.getShape().get(1);
    NDArray mask = inputs.get(2).toType(DataType.FLOAT32, false);
    // Each operation starts from an input-derived array, so its result belongs to the batch's manager
    // (freed with the batch), not to the parameters' manager.
    NDArray positions = ids.getManager().arange(0, length, 1, DataType.INT64);
    NDArray x = Embedding.embedding(ids, p.get("embeddings.word_embeddings.weight"), SparseFormat.DENSE).singletonOrThrow()
        .add(Embedding.embedding(positions, p.get("embeddings.position_embeddings.weight"), SparseFormat.DENSE).singletonOrThrow())
        .add(Embedding.embedding(inputs.get(1), p.get("embeddings.token_type_embeddings.weight"), SparseFormat.DENSE).singletonOrThrow());
    x = norm(x, p, "embeddings.LayerNorm");
    NDArray bias = mask.sub(1).mul(1e4f).reshape(batch, 1, 1, length);
    for (int l = 0; l < kind.layers(); l++) {
      String prefix = "encoder.layer." + l + ".";
      NDArray q = heads(linear(x, p, prefix + "attention.self.query"), batch, length);
      NDArray k = heads(linear(x, p, prefix + "attention.self.key"), batch, length);
      NDArray v = heads(linear(x, p, prefix + "attention.self.value"), batch, length);
      NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(WIDTH / HEADS)).add(bias);
      NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, WIDTH);
      NDArray attended = norm(x.add(linear(context, p, prefix + "attention.output.dense")), p,
          prefix + "attention.output.LayerNorm");
      NDArray inner = Activation.gelu(linear(attended, p, prefix + "intermediate.dense"));
      x = norm(attended.add(linear(inner, p, prefix + "output.dense")), p, prefix + "output.LayerNorm");
    }
    NDArray pooled;
    if (kind.pooling() == EncoderKind.Pooling.CLS) {
      pooled = x.get(new NDIndex(":, 0, :"));
    } else {
      NDArray weights = mask.reshape(batch, length, 1);
      pooled = x.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}));
    }
    return new NDList(pooled.div(pooled.norm(new int[] {1}, true).maximum(1e-12f)));
  }

  private static NDArray heads(NDArray x, long batch, int length) {
    return x.reshape(batch, length, HEADS, WIDTH / HEADS).transpose(0, 2, 1, 3);
  }

  private static NDArray linear(NDArray x, Map<String, NDArray> p, String name) {
    return x.matMul(p.get(name + ".weight")).add(p.get(name + ".bias"));
  }

  private static NDArray norm(NDArray x, Map<String, NDArray> p, String name) {
    return LayerNorm.layerNorm(x, new Shape(WIDTH), p.get(name + ".weight"), p.get(name + ".bias"), LAYER_NORM_EPSILON)
        .head();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), WIDTH)};
  }
}
