package dev.assay.ui.views.incidents;

/** A mitigation the user asked for on an incident's page, with the sentence its confirmation asks. */
public sealed interface Mitigation {
  String question();

  record ModelRollback(String kind, String classifier) implements Mitigation {
    public String question() {
      return "CLASSIFIER".equals(kind) ? "Roll back classifier " + classifier + " to the version served before it?"
          : "Roll back the " + kind.toLowerCase() + " model to the version served before it?";
    }
  }

  record PolicyRollback(String policy) implements Mitigation {
    public String question() {
      return "Roll back policy " + policy + " to the version served before it?";
    }
  }

  record PolicySwitch(String policy, int version) implements Mitigation {
    public String question() {
      return "Serve version " + version + " of policy " + policy + " (through its gating suites)?";
    }
  }

  record KeyRateLimit(long keyId, double requestsPerSecond, int burst) implements Mitigation {
    public String question() {
      return String.format("Hold API key %d to %.2f requests/s (burst %d)?", keyId, requestsPerSecond, burst);
    }
  }

  record KeyRevocation(long keyId) implements Mitigation {
    public String question() {
      return "Revoke API key " + keyId + "? Its requests are refused at once.";
    }
  }
}
