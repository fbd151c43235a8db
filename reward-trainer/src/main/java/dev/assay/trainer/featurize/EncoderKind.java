package dev.assay.trainer.featurize;

/**
 * The pretrained sentence encoders shipped in the langchain4j embedding jars (ONNX file and
 * tokenizer.json at the jar root), with the pooling each was trained with.
 */
public enum EncoderKind {
  /** all-MiniLM-L6-v2: mean of the token states under the attention mask. */
  MINILM("minilm", "all-minilm-l6-v2", Pooling.MEAN, 6),
  /** bge-small-en-v1.5: the [CLS] token state. */
  BGE("bge", "bge-small-en-v1.5", Pooling.CLS, 12);

  /** How a [batch, tokens, hidden] state becomes one vector per text. */
  public enum Pooling {
    MEAN,
    CLS
  }

  private final String featurizerName;
  private final String resourceStem;
  private final Pooling pooling;
  private final int layers;

  EncoderKind(String featurizerName, String resourceStem, Pooling pooling, int layers) {
    this.featurizerName = featurizerName;
    this.resourceStem = resourceStem;
    this.pooling = pooling;
    this.layers = layers;
  }

  /** The name used in featurizer specs and file names ("minilm", "bge"). */
  public String featurizerName() {
    return featurizerName;
  }

  /** The ONNX file's name at the jar root. */
  public String onnxResource() {
    return resourceStem + ".onnx";
  }

  String tokenizerResource() {
    return resourceStem + "-tokenizer.json";
  }

  /** How this encoder turns token states into one vector. */
  public Pooling pooling() {
    return pooling;
  }

  /** Its transformer layers (both are 384 wide with 12 attention heads). */
  public int layers() {
    return layers;
  }

  /** The encoder a featurizer spec names ("minilm", "bge"). */
  public static EncoderKind byFeaturizerName(String name) {
    for (EncoderKind kind : values()) {
      if (kind.featurizerName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown sentence encoder '" + name + "'");
  }
}
