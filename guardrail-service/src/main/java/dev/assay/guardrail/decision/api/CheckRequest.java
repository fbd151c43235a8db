package dev.assay.guardrail.decision.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.validation.constraints.NotNull;

/**
 * A guardrail check: the prompt (a string or {role, content} messages), the response to judge, and
 * the policy by name (its latest version unless {@code policy_version} is given), and optionally the key a
 * canary rollout routing by request key hashes ({@code request_key}, e.g. the end user's id).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CheckRequest(JsonNode prompt, @NotNull String response, @NotNull String policy, Integer policyVersion,
    String requestKey) {}
