package dev.assay.trainer.featurize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Builds featurizers from specs: {@code hashed}, {@code hashed:response=16384,prompt=4096,char3=true},
 * {@code minilm}, {@code bge}, and combinations joined by {@code +} ({@code hashed+minilm}).
 *
 * <p>A bare {@code hashed} means the default settings below; {@link Featurizer#spec()} always writes
 * them out in full, so a saved model does not change meaning if the defaults change.
 */
public final class Featurizers {
  /**
   * 2^14 response and 2^12 prompt buckets: few collisions for the vocabulary of a few thousand
   * dialogues, while the dense head stays ~1.3 M weights at hidden size 64 (Adam's dense update over
   * the first layer is what costs time, see STACK.md).
   */
  static final int DEFAULT_RESPONSE_BUCKETS = 1 << 14;

  static final int DEFAULT_PROMPT_BUCKETS = 1 << 12;
  private static final int ENCODER_WIDTH = 384;
  private static final Set<String> HASHED_SETTINGS = Set.of("response", "prompt", "char3");

  private Featurizers() {}

  /**
   * @throws IllegalArgumentException for an unknown name or malformed settings
   */
  public static Featurizer create(String spec, FeaturizerOptions options) {
    String[] names = spec.split(Pattern.quote(CombinedFeaturizer.SEPARATOR));
    if (names.length == 1) {
      return single(spec.strip(), options);
    }
    List<Featurizer> parts = new ArrayList<>();
    try {
      for (String name : names) {
        parts.add(single(name.strip(), options));
      }
    } catch (RuntimeException e) {
      parts.forEach(Featurizer::close);
      throw e;
    }
    return new CombinedFeaturizer(parts);
  }

  /**
   * The width of the features a spec gives, checked as {@link #create} checks it but without building
   * anything (no encoder is loaded): what a run's memory estimate needs at submit.
   *
   * @throws IllegalArgumentException for an unknown name or malformed settings
   */
  public static long dimension(String spec) {
    long total = 0;
    for (String name : spec.split(Pattern.quote(CombinedFeaturizer.SEPARATOR))) {
      Part part = part(name.strip());
      total += part.hashed() != null ? part.hashed().dimension() : ENCODER_WIDTH;
    }
    return total;
  }

  /** One part of a spec: hashed settings (nothing allocated until used), or a sentence encoder's kind. */
  private record Part(HashedNgramFeaturizer hashed, EncoderKind encoder) {}

  private static Part part(String spec) {
    int colon = spec.indexOf(':');
    String name = colon < 0 ? spec : spec.substring(0, colon);
    Map<String, String> settings = settings(colon < 0 ? "" : spec.substring(colon + 1), spec);
    if (name.equals(HashedNgramFeaturizer.NAME)) {
      if (!HASHED_SETTINGS.containsAll(settings.keySet())) {
        throw new IllegalArgumentException("hashed takes only " + HASHED_SETTINGS + ": " + spec);
      }
      return new Part(new HashedNgramFeaturizer(
          intSetting(settings, "response", DEFAULT_RESPONSE_BUCKETS, spec),
          intSetting(settings, "prompt", DEFAULT_PROMPT_BUCKETS, spec),
          Boolean.parseBoolean(settings.getOrDefault("char3", "true"))), null);
    }
    if (!settings.isEmpty()) {
      throw new IllegalArgumentException("featurizer '" + name + "' takes no settings: " + spec);
    }
    return new Part(null, EncoderKind.byFeaturizerName(name));
  }

  private static Featurizer single(String spec, FeaturizerOptions options) {
    Part part = part(spec);
    if (part.hashed() != null) {
      return part.hashed();
    }
    String name = part.encoder().featurizerName();
    EncoderKind kind = part.encoder();
    EmbeddingCache cache;
    if (options.embeddingCacheDir() != null) {
      cache = EmbeddingCache.open(options.embeddingCacheDir(), name, ENCODER_WIDTH);
    } else if (options.sharedInMemory()) {
      cache = EmbeddingCache.shared(name, ENCODER_WIDTH, options.maxCachedEmbeddings());
    } else {
      cache = EmbeddingCache.inMemory(name, ENCODER_WIDTH, options.maxCachedEmbeddings());
    }
    return new SentenceEncoderFeaturizer(SentenceEncoder.open(kind), cache, ENCODER_WIDTH);
  }

  private static Map<String, String> settings(String text, String spec) {
    Map<String, String> settings = new HashMap<>();
    for (String pair : text.isBlank() ? new String[0] : text.split(",")) {
      String[] keyValue = pair.split("=", 2);
      if (keyValue.length != 2) {
        throw new IllegalArgumentException("malformed setting '" + pair + "' in featurizer spec " + spec);
      }
      settings.put(keyValue[0].strip(), keyValue[1].strip());
    }
    return settings;
  }

  private static int intSetting(Map<String, String> settings, String key, int fallback, String spec) {
    try {
      return settings.containsKey(key) ? Integer.parseInt(settings.get(key)) : fallback;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting '" + key + "' is not a number in featurizer spec " + spec, e);
    }
  }
}
