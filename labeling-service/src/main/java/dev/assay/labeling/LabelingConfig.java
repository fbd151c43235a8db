package dev.assay.labeling;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the labeling service ({@code assay.labeling.*}); each is documented in the README. */
@ConfigMapping(prefix = "assay.labeling")
public interface LabelingConfig {
  /** How long a handed-out task stays reserved for its rater without a heartbeat (campaigns may override). */
  @WithDefault("PT10M")
  Duration leaseDuration();

  /** How many candidate items one hand-out request tries before answering "no task". */
  @WithDefault("16")
  int claimAttempts();

  Quality quality();

  Review review();

  Moderation moderation();

  /** Per-rater quality checks and automatic pausing. */
  interface Quality {
    /** Turn automatic pausing on or off. */
    @WithDefault("true")
    boolean autoPause();

    /** Judgements a rater must have in a campaign before the thresholds apply. */
    @WithDefault("20")
    int minJudgements();

    /** After min-judgements, the checks run again every this many judgements of the rater. */
    @WithDefault("10")
    int checkEvery();

    /** The checks look at the rater's most recent this many judgements. */
    @WithDefault("200")
    int window();

    /** A submit faster than this counts as too fast. */
    @WithDefault("PT4S")
    Duration tooFast();

    /** Pause when more than this share of a rater's submits are too fast. */
    @WithDefault("0.5")
    double maxTooFastShare();

    /** Gold judgements a rater must have before gold accuracy is checked. */
    @WithDefault("5")
    int minGoldJudgements();

    /** Pause when gold accuracy falls below this. */
    @WithDefault("0.6")
    double minGoldAccuracy();

    /** Pause when agreement with the other raters' majority falls below this. */
    @WithDefault("0.3")
    double minMajorityAgreement();

    /** Pause when the share of left (or of right) picks among left/right choices exceeds this. */
    @WithDefault("0.9")
    double maxPositionBias();

    /**
     * A rater's own statistics cover their judgements up to the last multiple of this many: figures that
     * moved with every submit would tell a rater which items were gold.
     */
    @WithDefault("20")
    int ownStatsEvery();
  }

  /** The review queue. */
  interface Review {
    /** A completed comparison whose modal choice has a smaller share than this goes to review. */
    @WithDefault("0.6")
    double minAgreement();
  }

  /** The moderation-review campaigns that escalated guardrail decisions feed. */
  interface Moderation {
    /** Judgements per escalation; its label is their majority (or an adjudication). */
    @WithDefault("3")
    int ratingsRequired();

    /**
     * Raters of a new moderation-review campaign. When set, the campaign starts ACTIVE with this pool;
     * when not, it starts as a DRAFT that collects escalations until an admin sets its pool and
     * activates it: escalated texts are never shown to every rater by default.
     */
    Optional<List<String>> raterPool();

    /**
     * Deliveries of an escalation that fails for a reason other than its content (the database away,
     * say) before it goes to the dead-letter queue.
     */
    @WithDefault("8")
    int maxAttempts();

    /** Pause before such an escalation goes back to the queue; it doubles with each further failure. */
    @WithDefault("PT0.5S")
    Duration retryPause();

    /** The longest pause between two deliveries of a failing escalation. */
    @WithDefault("PT8S")
    Duration maxRetryPause();
  }
}
