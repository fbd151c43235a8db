package dev.assay.guardrail.engine;

import dev.assay.guardrail.policy.document.PolicyDocument;
import java.util.List;

/** A policy version ready to run: its document with every check compiled. */
record CompiledPolicy(PolicyDocument document, List<Check> input, List<Check> output) {}
