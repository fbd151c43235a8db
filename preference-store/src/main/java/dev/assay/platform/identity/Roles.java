package dev.assay.platform.identity;

import java.util.List;

/** The four roles of Assay. Constants so that {@code @RolesAllowed} can name them. */
public final class Roles {
  /** Judges comparison tasks in the UI or over REST. */
  public static final String RATER = "rater";
  /** ML engineer: imports and exports data, freezes snapshots, trains and evaluates models. */
  public static final String RESEARCHER = "researcher";
  /** Runs campaigns, users, keys, policies and the audit log. */
  public static final String ADMIN = "admin";
  /** A guardrail or scoring client calling the scoring API. */
  public static final String SERVICE = "service";

  public static final List<String> ALL = List.of(RATER, RESEARCHER, ADMIN, SERVICE);

  private Roles() {}

  public static String require(String role, String field) {
    if (role == null || !ALL.contains(role)) {
      throw dev.assay.platform.problem.ProblemException.invalid(
          field, field + " must be one of " + ALL + " but was " + (role == null ? "missing" : "\"" + role + "\""));
    }
    return role;
  }
}
