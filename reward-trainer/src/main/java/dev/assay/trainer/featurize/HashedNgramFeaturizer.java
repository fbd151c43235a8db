package dev.assay.trainer.featurize;

import dev.assay.store.record.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
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

  /** FNV-1a's offset basis, mixed with a constant per n-gram kind so that kinds hash apart. */
  private static final long UNIGRAM = 0xCBF29CE484222325L ^ 0x9E3779B97F4A7C15L;
  private static final long BIGRAM = 0xCBF29CE484222325L ^ 0xC2B2AE3D27D4EB4FL;
  private static final long TRIGRAM = 0xCBF29CE484222325L ^ 0x165667B19E3779F9L;

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
    SparseRow[] sparse = featurizeSparse(prompt, responses);
    float[][] rows = new float[sparse.length][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = sparse[i].toDense(dimension());
    }
    return rows;
  }

  @Override
  public SparseRow[] featurizeSparse(List<Message> prompt, List<String> responses) {
    SparseRow promptPart = promptBuckets > 0 ? hashed(PromptText.lastUserTurn(prompt), promptBuckets) : null;
    SparseRow[] rows = new SparseRow[responses.size()];
    for (int i = 0; i < rows.length; i++) {
      SparseRow response = hashed(responses.get(i), responseBuckets);
      rows[i] = promptPart == null ? response : response.append(promptPart, responseBuckets);
    }
    return rows;
  }

  /**
   * The L2-normalised, sublinear, signed hashed n-gram counts of {@code text} in {@code buckets}
   * columns. The scoring API runs this on its event loop for every request, so it allocates little and
   * never a dense row: n-grams are hashed straight from the text's chars (no token or n-gram strings)
   * and counted by sorting their hashes, then their columns by sorting (column, value) pairs.
   */
  private SparseRow hashed(String text, int buckets) {
    String lower = text.toLowerCase(Locale.ROOT);
    long[] grams = new long[16 + lower.length() * 3 / 2];
    int count = 0;
    int previousStart = -1;
    int previousEnd = -1;
    Matcher tokens = TOKEN.matcher(lower);
    while (tokens.find()) {
      int start = tokens.start();
      int end = tokens.end();
      // at most 2 + (end - start) grams below: a unigram, a bigram and the token's char 3-grams
      if (count + 2 + end - start > grams.length) {
        grams = Arrays.copyOf(grams, 2 * grams.length + end - start);
      }
      grams[count++] = finish(fnv(UNIGRAM, lower, start, end));
      if (previousStart >= 0) {
        grams[count++] = finish(fnv(fnv(fnv(BIGRAM, lower, previousStart, previousEnd), ' '), lower, start, end));
      }
      if (charTrigrams && end - start > 1) {
        // the 3-grams of '<' + token + '>'
        grams[count++] = finish(fnv(fnv(fnv(TRIGRAM, '<'), lower.charAt(start)), lower.charAt(start + 1)));
        for (int i = start; i + 3 <= end; i++) {
          grams[count++] = finish(fnv(TRIGRAM, lower, i, i + 3));
        }
        grams[count++] = finish(fnv(fnv(fnv(TRIGRAM, lower.charAt(end - 2)), lower.charAt(end - 1)), '>'));
      }
      previousStart = start;
      previousEnd = end;
    }
    Arrays.sort(grams, 0, count);
    // One (column, signed 1 + ln tf) entry per distinct n-gram, packed so that sorting orders by column.
    int mask = buckets - 1;
    long[] entries = new long[count];
    int distinct = 0;
    for (int i = 0; i < count; ) {
      long h = grams[i];
      int tf = 0;
      while (i < count && grams[i] == h) {
        tf++;
        i++;
      }
      float value = (float) (1 + Math.log(tf));
      long column = (int) (h >>> 1) & mask;
      entries[distinct++] = column << 32 | Float.floatToRawIntBits(h < 0 ? -value : value) & 0xFFFFFFFFL;
    }
    Arrays.sort(entries, 0, distinct);
    int[] indices = new int[distinct];
    float[] values = new float[distinct];
    int columns = 0;
    double squares = 0;
    for (int i = 0; i < distinct; ) {
      int column = (int) (entries[i] >>> 32);
      float sum = 0;
      while (i < distinct && (int) (entries[i] >>> 32) == column) {
        sum += Float.intBitsToFloat((int) entries[i++]);
      }
      if (sum != 0) {
        indices[columns] = column;
        values[columns++] = sum;
        squares += sum * sum;
      }
    }
    float scale = squares > 0 ? (float) (1 / Math.sqrt(squares)) : 0;
    for (int i = 0; i < columns; i++) {
      values[i] *= scale;
    }
    return new SparseRow(Arrays.copyOf(indices, columns), Arrays.copyOf(values, columns));
  }

  /**
   * A response's features as the phrases they come from: every feature of {@link #featurizeSparse} of
   * {@code text} is the sum, over the n-grams hashed to its column, of {@link PhraseFeature#value()}. An
   * n-gram occurring several times is shared equally among its occurrences, and a character 3-gram is
   * credited to the word it is part of, so phrases are words and word pairs. Slower than featurizing
   * (strings per n-gram): for explanations, not for scoring.
   */
  public List<PhraseFeature> phraseFeatures(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    record Gram(long hash, String phrase) {}
    List<Gram> grams = new ArrayList<>();
    String previous = null;
    Matcher tokens = TOKEN.matcher(lower);
    while (tokens.find()) {
      int start = tokens.start();
      int end = tokens.end();
      String word = lower.substring(start, end);
      grams.add(new Gram(finish(fnv(UNIGRAM, lower, start, end)), word));
      if (previous != null) {
        grams.add(new Gram(finish(fnv(fnv(fnv(BIGRAM, previous, 0, previous.length()), ' '), lower, start, end)),
            previous + " " + word));
      }
      if (charTrigrams && end - start > 1) {
        grams.add(new Gram(finish(fnv(fnv(fnv(TRIGRAM, '<'), lower.charAt(start)), lower.charAt(start + 1))), word));
        for (int i = start; i + 3 <= end; i++) {
          grams.add(new Gram(finish(fnv(TRIGRAM, lower, i, i + 3)), word));
        }
        grams.add(new Gram(finish(fnv(fnv(fnv(TRIGRAM, lower.charAt(end - 2)), lower.charAt(end - 1)), '>')), word));
      }
      previous = word;
    }
    // The same signed 1 + ln(tf) per distinct n-gram and the same L2 norm over columns as hashed(...).
    Map<Long, List<String>> occurrences = new LinkedHashMap<>();
    grams.forEach(g -> occurrences.computeIfAbsent(g.hash(), h -> new ArrayList<>()).add(g.phrase()));
    int mask = responseBuckets - 1;
    Map<Integer, Double> columnSums = new HashMap<>();
    occurrences.forEach((hash, phrases) -> columnSums.merge((int) (hash >>> 1) & mask, signedCount(hash, phrases.size()),
        Double::sum));
    double squares = 0;
    for (double sum : columnSums.values()) {
      squares += sum * sum;
    }
    double scale = squares > 0 ? 1 / Math.sqrt(squares) : 0;
    List<PhraseFeature> features = new ArrayList<>();
    occurrences.forEach((hash, phrases) -> {
      double share = signedCount(hash, phrases.size()) * scale / phrases.size();
      phrases.forEach(phrase -> features.add(new PhraseFeature(phrase, (int) (hash >>> 1) & mask, share)));
    });
    return features;
  }

  /** A phrase's share of one feature column's value. */
  public record PhraseFeature(String phrase, int column, double value) {}

  private static double signedCount(long hash, int termFrequency) {
    double value = 1 + Math.log(termFrequency);
    return hash < 0 ? -value : value;
  }

  private static long fnv(long namespace, String text, int start, int end) {
    long h = namespace;
    for (int i = start; i < end; i++) {
      h = fnv(h, text.charAt(i));
    }
    return h;
  }

  /** One step of FNV-1a. */
  private static long fnv(long h, char c) {
    return (h ^ c) * 0x100000001B3L;
  }

  /** MurmurHash3's finaliser over an FNV-1a state: stable across JVMs, well mixed. */
  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    return h ^ (h >>> 33);
  }
}
