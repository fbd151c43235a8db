package dev.assay.trainer.featurize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pretrained weights of a sentence encoder, read from the ONNX file in the langchain4j jar so that
 * the encoder can be fine-tuned on DJL's PyTorch engine ({@link EncoderBlock}). A minimal protobuf
 * reader: the graph's float initializers, with the MatMul weights (which ONNX exports under generated
 * names) renamed after their graph nodes, e.g. {@code /encoder/layer.0/attention/self/query/MatMul} gives
 * {@code encoder.layer.0.attention.self.query.weight}, stored [inputs, outputs]. Only the embeddings' and
 * the layers' tensors are kept.
 */
public final class EncoderWeights {
  /** One tensor: its values, row-major, and its shape. */
  public record Tensor(float[] values, long[] shape) {}

  private EncoderWeights() {}

  /** The encoder's tensors by name. */
  public static Map<String, Tensor> read(EncoderKind kind) throws IOException {
    byte[] bytes;
    try (InputStream in = EncoderWeights.class.getClassLoader().getResourceAsStream(kind.onnxResource())) {
      if (in == null) {
        throw new IOException(kind.onnxResource() + " is not on the classpath (langchain4j embeddings jar missing?)");
      }
      bytes = in.readAllBytes();
    }
    ByteBuffer graph = null;
    for (Field f : fields(ByteBuffer.wrap(bytes))) {
      if (f.number == 7) { // ModelProto.graph
        graph = f.bytes;
      }
    }
    if (graph == null) {
      throw new IOException(kind.onnxResource() + " holds no graph");
    }
    Map<String, Tensor> initializers = new HashMap<>();
    Map<String, String> matMulNames = new HashMap<>();
    for (Field f : fields(graph)) {
      if (f.number == 5) { // GraphProto.initializer
        readInitializer(f.bytes, initializers);
      } else if (f.number == 1) { // GraphProto.node
        readMatMulName(f.bytes, matMulNames);
      }
    }
    Map<String, Tensor> weights = new HashMap<>();
    initializers.forEach((name, tensor) -> {
      String canonical = matMulNames.getOrDefault(name, name);
      if (canonical.startsWith("embeddings.") || canonical.startsWith("encoder.")) {
        weights.put(canonical, tensor);
      }
    });
    return weights;
  }

  private static void readInitializer(ByteBuffer tensor, Map<String, Tensor> into) {
    String name = null;
    List<Long> dims = new ArrayList<>();
    int type = 0;
    ByteBuffer raw = null;
    for (Field t : fields(tensor)) {
      switch (t.number) {
        case 8 -> name = t.string();
        case 1 -> {
          if (t.bytes == null) {
            dims.add(t.value);
          } else {
            while (t.bytes.hasRemaining()) {
              dims.add(varint(t.bytes));
            }
          }
        }
        case 2 -> type = (int) t.value;
        case 9 -> raw = t.bytes;
        default -> { }
      }
    }
    if (type == 1 && raw != null) { // FLOAT, stored as raw little-endian bytes
      float[] values = new float[raw.remaining() / 4];
      raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      into.put(name, new Tensor(values, dims.stream().mapToLong(Long::longValue).toArray()));
    }
  }

  private static void readMatMulName(ByteBuffer node, Map<String, String> into) {
    List<String> inputs = new ArrayList<>();
    String nodeName = "";
    String op = "";
    for (Field n : fields(node)) {
      switch (n.number) {
        case 1 -> inputs.add(n.string());
        case 3 -> nodeName = n.string();
        case 4 -> op = n.string();
        default -> { }
      }
    }
    if (op.equals("MatMul") && inputs.size() == 2 && nodeName.endsWith("/MatMul")) {
      String base = nodeName.substring(1, nodeName.length() - "/MatMul".length()).replace('/', '.');
      into.put(inputs.get(1), base + ".weight");
    }
  }

  /** A protobuf field: a varint value, or the bytes of a length-delimited one. */
  private record Field(int number, long value, ByteBuffer bytes) {
    String string() {
      byte[] b = new byte[bytes.remaining()];
      bytes.duplicate().get(b);
      return new String(b, StandardCharsets.UTF_8);
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
        case 1 -> b.position(b.position() + 8);
        case 5 -> b.position(b.position() + 4);
        case 2 -> {
          int length = (int) varint(b);
          out.add(new Field(number, 0, b.slice(b.position(), length)));
          b.position(b.position() + length);
        }
        default -> throw new IllegalStateException("unsupported protobuf wire type " + (key & 7));
      }
    }
    return out;
  }

  private static long varint(ByteBuffer b) {
    long result = 0;
    for (int shift = 0; ; shift += 7) {
      byte c = b.get();
      result |= (long) (c & 0x7f) << shift;
      if (c >= 0) {
        return result;
      }
    }
  }
}
