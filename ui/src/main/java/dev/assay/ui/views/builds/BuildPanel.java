package dev.assay.ui.views.builds;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.assay.trainer.builder.DatasetBuild;
import java.util.Locale;

/** One dataset build's progress: prompts done of total, what it has written and left out, its outputs. */
public class BuildPanel extends Div {
  private final H4 heading = new H4();
  private final Span state = new Span();
  private final ProgressBar progress = new ProgressBar();
  private final Span done = new Span();
  private final Paragraph counts = new Paragraph();
  private final Paragraph error = new Paragraph();

  public BuildPanel() {
    setId("build-panel");
    state.setId("build-state");
    done.setId("build-progress");
    counts.setId("build-counts");
    error.addClassName("error-lines");
    Div label = new Div(done, state);
    label.addClassName("progress-label");
    add(heading, label, progress, counts, error);
    setVisible(false);
  }

  public void show(DatasetBuild build) {
    heading.setText("Build #" + build.id + " of " + build.sourceDataset);
    state.setText(build.state.name());
    state.setClassName("state-badge state-" + build.state.name());
    progress.setValue(build.promptsTotal == 0 ? 0 : (double) build.promptsDone / build.promptsTotal);
    done.setText(build.promptsDone + " of " + build.promptsTotal + " prompts");
    counts.setText(String.format(Locale.ROOT, "%d SFT records in %s; %d DPO pairs in %s (%d below the margin %.2f);"
            + " %d responses blocked%s; %d prompts with every response blocked. Scored by model %s.",
        build.sftRecords, build.sftDataset, build.dpoPairs, build.dpoDataset, build.pairsBelowMargin, build.margin,
        build.responsesBlocked, build.policyName == null ? "" : " by policy " + build.policyName + " v"
            + build.policyVersion, build.promptsAllBlocked, build.modelVersion));
    error.setText(build.error == null ? "" : build.error);
    error.setVisible(build.error != null);
    setVisible(true);
  }
}
