package dev.assay.trainer.featurize;

import java.util.Arrays;

/**
 * A feature row as its non-zero entries, {@code indices} ascending. A hashed row has a few hundred
 * non-zeros among 20,480 columns: scoring it this way neither allocates nor scans the zeros.
 */
public record SparseRow(int[] indices, float[] values) {

  public SparseRow {
    if (indices.length != values.length) {
      throw new IllegalArgumentException(indices.length + " indices for " + values.length + " values");
    }
  }

  /** The non-zero entries of {@code dense}. */
  public static SparseRow of(float[] dense) {
    int nonZero = 0;
    for (float v : dense) {
      if (v != 0) {
        nonZero++;
      }
    }
    int[] indices = new int[nonZero];
    float[] values = new float[nonZero];
    for (int k = 0, n = 0; k < dense.length; k++) {
      if (dense[k] != 0) {
        indices[n] = k;
        values[n++] = dense[k];
      }
    }
    return new SparseRow(indices, values);
  }

  /** The row with its zeros, {@code width} wide. */
  public float[] toDense(int width) {
    float[] dense = new float[width];
    for (int n = 0; n < indices.length; n++) {
      dense[indices[n]] = values[n];
    }
    return dense;
  }

  /** This row followed by {@code next} shifted {@code offset} columns right. */
  public SparseRow append(SparseRow next, int offset) {
    int[] joinedIndices = Arrays.copyOf(indices, indices.length + next.indices.length);
    float[] joinedValues = Arrays.copyOf(values, values.length + next.values.length);
    for (int i = 0; i < next.indices.length; i++) {
      joinedIndices[indices.length + i] = next.indices[i] + offset;
      joinedValues[values.length + i] = next.values[i];
    }
    return new SparseRow(joinedIndices, joinedValues);
  }
}
