package dev.assay.guardrail.rules;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Turns a text into the form every check sees, so that an answer a check catches is still caught
 * once obfuscated. In order:
 *
 * <ol>
 *   <li>{@code nfkc}: Unicode NFKC (full-width, mathematical and circled letters, ligatures);
 *   <li>{@code invisible-removed}: zero-width and other invisible characters dropped;
 *   <li>{@code base64-decoded}, {@code hex-decoded}, {@code url-decoded}, {@code rot13-decoded},
 *       {@code split-joined}: encoded payloads decoded (and a request spread over quoted parts joined,
 *       see {@link WrappedPayloads}) and normalised in turn (nested up to depth {@value #MAX_DEPTH}),
 *       returned as extra views;
 *   <li>{@code confusables-folded}: Cyrillic and Greek look-alikes inside Latin words folded;
 *   <li>{@code spacing-joined}: words spelt one letter at a time joined;
 *   <li>{@code leetspeak-undone}: leet digits and symbols in words turned back into letters.
 * </ol>
 *
 * <p>Each step is conservative (see {@link Confusables}, {@link SpacedLetters}, {@link Leetspeak},
 * {@link EncodedPayloads}): ordinary prose in any script, numbers, prices and code come out as NFKC
 * leaves them. Case is kept; matchers compare without case. Every step is one pass over the text, so
 * the work is linear in its length. Stateless and thread-safe.
 */
public final class TextNormalizer {

  static final int MAX_DEPTH = 2;

  public NormalizedText normalize(String text) {
    Objects.requireNonNull(text, "text");
    Set<Normalization> applied = EnumSet.noneOf(Normalization.class);
    List<String> payloads = new ArrayList<>();
    String normalized = normalize(text, 0, applied, payloads);
    List<String> names = applied.stream().map(Normalization::wireName).toList();
    return new NormalizedText(text, normalized, names, payloads);
  }

  private String normalize(String text, int depth, Set<Normalization> applied, List<String> payloads) {
    String result = apply(Normalization.NFKC, text, applied, t -> Normalizer.normalize(t, Normalizer.Form.NFKC));
    result = apply(Normalization.INVISIBLE_REMOVED, result, applied, InvisibleCharacters::remove);
    if (depth < MAX_DEPTH) {
      List<EncodedPayloads.Payload> found = new ArrayList<>(EncodedPayloads.find(result));
      found.addAll(WrappedPayloads.find(result));
      for (EncodedPayloads.Payload payload : found) {
        if (payloads.size() >= EncodedPayloads.MAX_PAYLOADS) {
          break;
        }
        applied.add(payload.encoding());
        int index = payloads.size();
        payloads.add(null);
        payloads.set(index, normalize(payload.decoded(), depth + 1, applied, payloads));
      }
    }
    result = apply(Normalization.CONFUSABLES_FOLDED, result, applied, Confusables::fold);
    result = apply(Normalization.SPACING_JOINED, result, applied, SpacedLetters::join);
    return apply(Normalization.LEETSPEAK_UNDONE, result, applied, Leetspeak::undo);
  }

  private static String apply(
      Normalization step, String text, Set<Normalization> applied, UnaryOperator<String> transform) {
    String transformed = transform.apply(text);
    if (!transformed.equals(text)) {
      applied.add(step);
    }
    return transformed;
  }
}
