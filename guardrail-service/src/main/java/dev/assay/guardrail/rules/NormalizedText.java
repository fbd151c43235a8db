package dev.assay.guardrail.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A text as checks see it.
 *
 * @param original the text as received
 * @param normalized the original after every normalisation that applies
 * @param applied wire names of the normalisations that changed something, in pipeline order (see
 *     {@link Normalization}); a normalisation that only changed a decoded payload is listed too
 * @param decodedPayloads encoded payloads (base64, hex, percent-encoding) found in the text, decoded
 *     and normalised, nested ones after their container
 */
public record NormalizedText(String original, String normalized, List<String> applied, List<String> decodedPayloads) {

  public NormalizedText {
    Objects.requireNonNull(original, "original");
    Objects.requireNonNull(normalized, "normalized");
    applied = List.copyOf(applied);
    decodedPayloads = List.copyOf(decodedPayloads);
  }

  /** The texts every check must run on: the normalised text, then each decoded payload. */
  public List<String> views() {
    List<String> views = new ArrayList<>(1 + decodedPayloads.size());
    views.add(normalized);
    views.addAll(decodedPayloads);
    return List.copyOf(views);
  }
}
