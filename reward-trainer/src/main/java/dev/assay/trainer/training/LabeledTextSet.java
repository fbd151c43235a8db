package dev.assay.trainer.training;

import dev.assay.trainer.model.TextColumns;
import java.util.List;
import java.util.Map;

/**
 * Classifier examples with the labels they were read with and the rows left out.
 *
 * @param examples the usable rows, in file order
 * @param labels every label of the file, sorted: the classes a model trained on it predicts (a split
 *     keeps them, so that a class absent from one side still has its output)
 * @param columns where the examples came from
 * @param dropped rows left out, by reason
 */
public record LabeledTextSet(List<LabeledText> examples, List<String> labels, TextColumns columns, Map<String, Long> dropped) {

  public LabeledTextSet {
    examples = List.copyOf(examples);
    labels = List.copyOf(labels);
    dropped = Map.copyOf(dropped);
  }

  /** The subset {@code kept}, with the same labels, columns and drop counts. */
  public LabeledTextSet withExamples(List<LabeledText> kept) {
    return new LabeledTextSet(kept, labels, columns, dropped);
  }

  /** The class index of each example ({@link #labels} order); -1 for a label outside it. */
  int[] classIndices() {
    int[] indices = new int[examples.size()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = labels.indexOf(examples.get(i).label());
    }
    return indices;
  }
}
