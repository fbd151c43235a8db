package dev.assay.guardrail.monitoring.window;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** How the guardrail's decisions are counted in windows of time and when the windows are evaluated. */
@ConfigMapping(prefix = "assay.monitoring.windows")
public interface WindowSettings {
  /** The length of one window; windows start at multiples of it since the epoch, so replicas agree. */
  @WithDefault("5m")
  Duration length();

  /** How often a replica writes its closed windows and evaluates the windows that are due. */
  @WithDefault("10s")
  Duration flushInterval();

  /** How long after a window closes it is evaluated: every replica must have written its rows by then. */
  @WithDefault("30s")
  Duration evaluationDelay();

  /** The first windows of a policy version that are its drift reference (its baseline), unless a rule names a range. */
  @WithDefault("3")
  int baselineWindows();

  /** How many earlier windows the EWMA of an anomaly rule looks back over. */
  @WithDefault("48")
  int history();

  /** The EWMA's weight of the newest window: higher adapts faster to a new normal level. */
  @WithDefault("0.3")
  double ewmaAlpha();

  /** The OOD score above which a request counts as out of distribution (see README: classifier uncertainty). */
  @WithDefault("0.5")
  double oodThreshold();

  /** Checks whose hits count as jailbreak or prompt-attack detector hits. */
  @WithDefault("injection-phrases,prompt-attack")
  List<String> detectorChecks();

  /** The most callers one replica counts per window; further callers of that window are counted overall only. */
  @WithDefault("10000")
  int maxCallers();
}
