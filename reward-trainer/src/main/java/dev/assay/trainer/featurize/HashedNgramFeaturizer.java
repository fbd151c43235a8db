package dev.assay.trainer.featurize;

import dev.assay.store.record.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signed feature hashing (Weinberger et al. 2009) of word unigrams and bigrams, and optionally
 * character 3-grams, with sublinear term frequency {@code 1 + ln(tf)}.
 *
 * <p>Two separately normalised (L2) spaces: the response in the first {@code responseBuckets}
 * columns and the last user turn in the next {@code promptBuckets}. The prompt space only matters to
 * a head with a hidden layer (it lets the head condition on the request); for a linear head it adds
 * the same amount to both rewards of a pair and cancels out. The sign bit halves the bias that bucket
 * collisions add to inner products. No vocabulary is learned, so the featurizer needs no fitting and
 * is stateless (thread-safe).
 */
public final class HashedNgramFeaturizer implements Featurizer {
  static final String NAME = "hashed";

  /** Words, numbers and single punctuation marks ("!" and "?" carry tone). */
  private static final Pattern TOKEN = Pattern.compile("\\p{L}+|\\p{N}+|[^\\s\\p{L}\\p{N}]");

  private static final long UNIGRAM = 0x9E3779B97F4A7C15L;
  private static final long BIGRAM = 0xC2B2AE3D27D4EB4FL;
  private static final long TRIGRAM = 0x165667B19E3779F9L;

  private final int responseBuckets;
  private final int promptBuckets;
  private final boolean charTrigrams;

  /**
   * @param responseBuckets columns for the response, a power of two
   * @param promptBuckets columns for the last user turn, a power of two or 0 for none
   * @param charTrigrams whether to add character 3-grams of each word (robust to misspellings)
   */
  public HashedNgramFeaturizer(int responseBuckets, int promptBuckets, boolean charTrigrams) {
    if (Integer.bitCount(responseBuckets) != 1 || (promptBuckets != 0 && Integer.bitCount(promptBuckets) != 1)) {
      throw new IllegalArgumentException(
          "bucket counts must be powers of two, got " + responseBuckets + " and " + promptBuckets);
    }
    this.responseBuckets = responseBuckets;
    this.promptBuckets = promptBuckets;
    this.charTrigrams = charTrigrams;
  }

  @Override
  public int dimension() {
    return responseBuckets + promptBuckets;
  }

  @Override
  public String spec() {
    return NAME + ":response=" + responseBuckets + ",prompt=" + promptBuckets + ",char3=" + charTrigrams;
  }

  @Override
  public float[][] featurize(List<Message> prompt, List<String> responses) {
    Map<Integer, Float> promptPart = promptBuckets > 0 ? hashed(PromptText.lastUserTurn(prompt), promptBuckets) : Map.of();
    float[][] rows = new float[responses.size()][dimension()];
    for (int i = 0; i < rows.length; i++) {
      float[] row = rows[i];
      hashed(responses.get(i), responseBuckets).forEach((bucket, value) -> row[bucket] = value);
      promptPart.forEach((bucket, value) -> row[responseBuckets + bucket] = value);
    }
    return rows;
  }

  /**
   * The L2-normalised, sublinear, signed hashed n-gram counts of {@code text} in {@code buckets} columns,
   * as a sparse map: a text touches a few hundred of the thousands of columns, so the dense row is only
   * written, never scanned.
   */
  private Map<Integer, Float> hashed(String text, int buckets) {
    Map<Long, Integer> counts = new HashMap<>();
    String previous = null;
    Matcher tokens = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
    while (tokens.find()) {
      String token = tokens.group();
      counts.merge(hash(token, UNIGRAM), 1, Integer::sum);
      if (previous != null) {
        counts.merge(hash(previous + ' ' + token, BIGRAM), 1, Integer::sum);
      }
      if (charTrigrams && token.length() > 1) {
        String padded = '<' + token + '>';
        for (int i = 0; i + 3 <= padded.length(); i++) {
          counts.merge(hash(padded.substring(i, i + 3), TRIGRAM), 1, Integer::sum);
        }
      }
      previous = token;
    }
    int mask = buckets - 1;
    Map<Integer, Float> vector = new HashMap<>();
    counts.forEach(
        (h, tf) -> {
          float value = (float) (1 + Math.log(tf));
          vector.merge((int) (h >>> 1) & mask, h < 0 ? -value : value, Float::sum);
        });
    double squares = 0;
    for (float v : vector.values()) {
      squares += v * v;
    }
    if (squares > 0) {
      float scale = (float) (1 / Math.sqrt(squares));
      vector.replaceAll((bucket, v) -> v * scale);
    }
    return vector;
  }

  /** FNV-1a over the chars, then MurmurHash3's finaliser: stable across JVMs, well mixed. */
  private static long hash(String gram, long namespace) {
    long h = 0xCBF29CE484222325L ^ namespace;
    for (int i = 0; i < gram.length(); i++) {
      h = (h ^ gram.charAt(i)) * 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }
}
