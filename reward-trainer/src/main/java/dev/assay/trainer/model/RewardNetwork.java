package dev.assay.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The reward head applied to both responses of a pair, plus (for {@link ModelKind#PREFERENCE}) the
 * learnable log tie parameter θ of Davidson's model.
 *
 * <p>Forward with one input [N, D] gives the rewards [N] (scoring); with two inputs [B, D] (A, B) it
 * gives (r_a [B], r_b [B]) and, for a preference model, θ [1]. Both responses go through the head in
 * one concatenated batch, which is what makes the model a function of a single response (a reward
 * model cannot prefer a position). The head is {@code Linear(hidden) → ReLU → Linear(1)}, or a single
 * {@code Linear(1)} when {@code hidden == 0}.
 */
public final class RewardNetwork extends AbstractBlock {
  private static final byte VERSION = 1;

  /** θ starts at -2: P(tie) ≈ 0.1 for equal rewards, the order of tie rates seen in judged data. */
  private static final float INITIAL_TIE_LOGIT = -2f;

  private final Block head;
  private final Parameter tieLogit;

  public RewardNetwork(ModelKind kind, int hiddenSize) {
    super(VERSION);
    SequentialBlock layers = new SequentialBlock();
    if (hiddenSize > 0) {
      layers.add(Linear.builder().setUnits(hiddenSize).build()).add(Activation::relu);
    }
    layers.add(Linear.builder().setUnits(1).build());
    head = addChildBlock("head", layers);
    tieLogit =
        kind == ModelKind.PREFERENCE
            ? addParameter(
                Parameter.builder()
                    .setName("tie_logit")
                    .setType(Parameter.Type.OTHER)
                    .optShape(new Shape(1))
                    .optInitializer(new ConstantInitializer(INITIAL_TIE_LOGIT))
                    .build())
            : null;
  }

  /**
   * The head's current parameters copied into plain arrays (initialise or load the network first). Reads
   * the arrays' data only, no engine operation, so parameters loaded without an engine work too.
   */
  public HeadWeights weights(int inputs) {
    List<Block> layers = head.getChildren().values();
    Linear last = (Linear) layers.getLast();
    float outputBias = last.getParameters().get("bias").getArray().toFloatArray()[0];
    float[] outputWeight = last.getParameters().get("weight").getArray().toFloatArray();
    if (layers.size() == 1) {
      return HeadWeights.linear(inputs, outputWeight, outputBias);
    }
    Linear first = (Linear) layers.getFirst();
    return HeadWeights.mlp(inputs, first.getParameters().get("weight").getArray().toFloatArray(),
        first.getParameters().get("bias").getArray().toFloatArray(), outputWeight, outputBias);
  }

  /** Davidson's log tie parameter θ, or null for a reward model. */
  public Double tieLogit() {
    return tieLogit == null ? null : (double) tieLogit.getArray().toFloatArray()[0];
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    if (inputs.size() == 1) {
      return new NDList(rewards(store, inputs.head(), training, params));
    }
    long batch = inputs.get(0).getShape().get(0);
    NDArray both = rewards(store, inputs.get(0).concat(inputs.get(1), 0), training, params);
    NDList outputs = new NDList(both.get("0:{}", batch), both.get("{}:", batch));
    if (tieLogit != null) {
      outputs.add(store.getValue(tieLogit, inputs.head().getDevice(), training));
    }
    return outputs;
  }

  private NDArray rewards(
      ParameterStore store, NDArray features, boolean training, PairList<String, Object> params) {
    return head.forward(store, new NDList(features), training, params).head().reshape(-1);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape rewards = new Shape(inputShapes[0].get(0));
    if (inputShapes.length == 1) {
      return new Shape[] {rewards};
    }
    return tieLogit == null ? new Shape[] {rewards, rewards} : new Shape[] {rewards, rewards, new Shape(1)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    head.initialize(manager, dataType, inputShapes[0]);
  }
}
