package dev.assay.trainer.featurize;

import dev.assay.store.record.Message;
import java.util.List;
import java.util.stream.Collectors;

/** Concatenates the features of several featurizers, e.g. hashed n-grams and a sentence encoder. */
public final class CombinedFeaturizer implements Featurizer {
  static final String SEPARATOR = "+";

  private final List<Featurizer> parts;

  /** Takes ownership of the parts (closed with this featurizer). */
  public CombinedFeaturizer(List<Featurizer> parts) {
    if (parts.size() < 2) {
      throw new IllegalArgumentException("a combination needs at least two featurizers");
    }
    this.parts = List.copyOf(parts);
  }

  @Override
  public int dimension() {
    return parts.stream().mapToInt(Featurizer::dimension).sum();
  }

  @Override
  public String spec() {
    return parts.stream().map(Featurizer::spec).collect(Collectors.joining(SEPARATOR));
  }

  @Override
  public float[][] featurize(List<Message> prompt, List<String> responses) {
    float[][] rows = new float[responses.size()][dimension()];
    int offset = 0;
    for (Featurizer part : parts) {
      float[][] features = part.featurize(prompt, responses);
      for (int i = 0; i < rows.length; i++) {
        System.arraycopy(features[i], 0, rows[i], offset, part.dimension());
      }
      offset += part.dimension();
    }
    return rows;
  }

  @Override
  public SparseRow[] featurizeSparse(List<Message> prompt, List<String> responses) {
    SparseRow[] rows = parts.getFirst().featurizeSparse(prompt, responses);
    int offset = parts.getFirst().dimension();
    for (Featurizer part : parts.subList(1, parts.size())) {
      SparseRow[] features = part.featurizeSparse(prompt, responses);
      for (int i = 0; i < rows.length; i++) {
        rows[i] = rows[i].append(features[i], offset);
      }
      offset += part.dimension();
    }
    return rows;
  }

  @Override
  public void warmUp(List<List<Message>> prompts, List<String> responses) {
    parts.forEach(part -> part.warmUp(prompts, responses));
  }

  @Override
  public boolean runsNetwork() {
    return parts.stream().anyMatch(Featurizer::runsNetwork);
  }

  @Override
  public void close() {
    parts.forEach(Featurizer::close);
  }
}
