package dev.assay.guardrail.incident.api;

/**
 * What a mitigation acts on; each endpoint reads its own fields: {@code kind} (REWARD, PREFERENCE or CLASSIFIER)
 * and {@code classifier} for a model rollback; {@code policy} for a policy rollback, with {@code version} for a
 * switch to that version; {@code keyId} for a key, with {@code requestsPerSecond} and {@code burst} for its limit.
 */
public record MitigationRequest(String kind, String classifier, String policy, Integer version, Long keyId,
    Double requestsPerSecond, Integer burst) {}
