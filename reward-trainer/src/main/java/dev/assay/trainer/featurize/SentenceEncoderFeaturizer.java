package dev.assay.trainer.featurize;

import dev.assay.store.record.Message;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Features from a frozen sentence encoder: {@code [e(response), e(prompt) ⊙ e(response)]} where
 * {@code e} is the L2-normalised embedding and the prompt is the last user turn.
 *
 * <p>The element-wise product lets even a linear head score how well a response fits its prompt
 * (its sum is their cosine similarity); the response embedding alone carries style and tone.
 * Embeddings come from the {@link EmbeddingCache} when present, so each distinct text is encoded
 * once.
 */
public final class SentenceEncoderFeaturizer implements Featurizer {
  private static final int WARM_UP_CHUNK = 512;

  private final SentenceEncoder encoder;
  private final EmbeddingCache cache;
  private final int width;

  /** Takes ownership of {@code encoder} (closed with this featurizer); the cache may be shared. */
  public SentenceEncoderFeaturizer(SentenceEncoder encoder, EmbeddingCache cache, int width) {
    this.encoder = encoder;
    this.cache = cache;
    this.width = width;
  }

  /** The encoder, e.g. to read how many texts it encoded. */
  public SentenceEncoder encoder() {
    return encoder;
  }

  @Override
  public int dimension() {
    return 2 * width;
  }

  @Override
  public String spec() {
    return encoder.kind().featurizerName();
  }

  @Override
  public float[][] featurize(List<Message> prompt, List<String> responses) {
    List<String> texts = new ArrayList<>(responses.size() + 1);
    texts.add(PromptText.lastUserTurn(prompt));
    texts.addAll(responses);
    float[][] embeddings = embed(texts);
    float[] promptVector = embeddings[0];
    float[][] rows = new float[responses.size()][2 * width];
    for (int i = 0; i < rows.length; i++) {
      float[] response = embeddings[i + 1];
      System.arraycopy(response, 0, rows[i], 0, width);
      for (int h = 0; h < width; h++) {
        rows[i][width + h] = promptVector[h] * response[h];
      }
    }
    return rows;
  }

  @Override
  public void warmUp(List<List<Message>> prompts, List<String> responses) {
    Set<String> texts = new LinkedHashSet<>(responses);
    prompts.forEach(prompt -> texts.add(PromptText.lastUserTurn(prompt)));
    List<String> all = new ArrayList<>(texts);
    for (int start = 0; start < all.size(); start += WARM_UP_CHUNK) {
      embed(all.subList(start, Math.min(start + WARM_UP_CHUNK, all.size())));
    }
  }

  /** Embeddings of {@code texts}, encoding (once each) only those the cache lacks. */
  private float[][] embed(List<String> texts) {
    float[][] embeddings = new float[texts.size()][];
    Set<String> missing = new LinkedHashSet<>();
    for (int i = 0; i < texts.size(); i++) {
      embeddings[i] = cache.get(texts.get(i));
      if (embeddings[i] == null) {
        missing.add(texts.get(i));
      }
    }
    if (missing.isEmpty()) {
      return embeddings;
    }
    List<String> toEncode = new ArrayList<>(missing);
    cache.putAll(toEncode, encoder.encode(toEncode));
    for (int i = 0; i < texts.size(); i++) {
      if (embeddings[i] == null) {
        embeddings[i] = cache.get(texts.get(i));
      }
    }
    return embeddings;
  }

  @Override
  public boolean runsNetwork() {
    return true;
  }

  @Override
  public void close() {
    encoder.close();
    cache.close();
  }
}
