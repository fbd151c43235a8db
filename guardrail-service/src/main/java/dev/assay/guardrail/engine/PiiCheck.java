package dev.assay.guardrail.engine;

import dev.assay.guardrail.policy.document.CheckSpec;
import dev.assay.guardrail.rules.PiiMatch;
import dev.assay.guardrail.rules.PiiScanner;
import dev.assay.guardrail.rules.PiiType;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/** Personal data of the listed types in any view of the text; can mask it in the plain text. */
record PiiCheck(CheckSpec spec, Set<PiiType> types) implements Check {
  private static final PiiScanner SCANNER = new PiiScanner();

  @Override
  public CompletableFuture<Finding> run(Subject subject) {
    Set<String> found = new TreeSet<>();
    for (String view : subject.texts()) {
      for (PiiMatch match : SCANNER.scan(view, types)) {
        found.add(match.type().wireName());
      }
    }
    return CompletableFuture.completedFuture(Finding.rule(found.isEmpty() ? null : String.join(", ", found)));
  }

  /** The text with the PII found in it masked; unchanged when the PII is only visible once normalised. */
  String redact(String text) {
    List<PiiMatch> matches = SCANNER.scan(text, types);
    return matches.isEmpty() ? text : SCANNER.redact(text, matches);
  }
}
