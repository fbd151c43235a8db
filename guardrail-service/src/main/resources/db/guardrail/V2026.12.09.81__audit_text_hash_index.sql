-- The audit is searched by the hash of a text someone reported (a prompt or a response) and by caller:
-- without indexes each search reads the whole log.
CREATE INDEX guardrail_audit_prompt_hash ON guardrail_audit (prompt_hash);
CREATE INDEX guardrail_audit_response_hash ON guardrail_audit (response_hash);
CREATE INDEX guardrail_audit_caller ON guardrail_audit (caller, decided_at);
