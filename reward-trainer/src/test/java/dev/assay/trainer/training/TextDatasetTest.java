package dev.assay.trainer.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.assay.trainer.ClassifierFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextDatasetTest {
  /** Inputs padded per batch, as token ids are: a text's length is its character count here. */
  private static final TextInputs PADDED = new TextInputs() {
    @Override
    public NDList inputs(NDManager manager, List<String> texts) {
      throw new UnsupportedOperationException("only batching is tested");
    }

    @Override
    public String featurizer() {
      return "padded";
    }

    @Override
    public int featureDimension() {
      return 1;
    }

    @Override
    public Shape[] shapes(int batchSize) {
      return new Shape[0];
    }

    @Override
    public int[] lengths(List<String> texts) {
      return texts.stream().mapToInt(String::length).toArray();
    }

    @Override
    public void close() {}
  };

  @Test
  void paddedInputsAreBatchedWithTextsOfSimilarLengthEachOnceInAShuffledSeededOrder() {
    // Half the texts are short (a benign request), half long (a filled template).
    Random random = new Random(3);
    List<LabeledText> examples = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      int length = i % 2 == 0 ? 10 + random.nextInt(20) : 200 + random.nextInt(56);
      examples.add(new LabeledText("x".repeat(length), i % 2 == 0 ? "benign" : "attack", "g" + i));
    }
    LabeledTextSet set = new LabeledTextSet(examples, List.of("attack", "benign"), ClassifierFixture.COLUMNS, Map.of());
    TextDataset epoch = TextDataset.ordered(set, PADDED, 16).shuffled(42, 1);

    List<List<Integer>> batches = epoch.batches();

    assertThat(batches.stream().flatMap(List::stream).sorted().toList())
        .isEqualTo(IntStream.range(0, 1000).boxed().toList());
    assertThat(batches).hasSize(epoch.batchesPerEpoch());
    long tokens = examples.stream().mapToLong(e -> e.text().length()).sum();
    long padded = batches.stream()
        .mapToLong(b -> (long) b.size() * b.stream().mapToInt(i -> examples.get(i).text().length()).max().orElseThrow())
        .sum();
    assertThat((double) padded / tokens).isLessThan(1.1); // a random batch of 16 would be ~1.8
    assertThat(TextDataset.ordered(set, PADDED, 16).shuffled(42, 1).batches()).isEqualTo(batches);
    assertThat(TextDataset.ordered(set, PADDED, 16).shuffled(42, 2).batches()).isNotEqualTo(batches);
  }
}
