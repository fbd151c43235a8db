package dev.assay.ui.views.datasets;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import dev.assay.store.dataset.ImportJob;
import java.util.Map;

/** The state of one import job: running with records read, or its counts, or the line that failed. */
class ImportJobPanel extends Div {
  private final Span title = new Span();
  private final ProgressBar progress = new ProgressBar();
  private final Div counts = new Div();
  private final Div error = new Div();

  ImportJobPanel() {
    addClassName("import-job");
    setId("import-job");
    getElement().setAttribute("aria-live", "polite");
    title.addClassName("import-title");
    progress.setIndeterminate(true);
    counts.addClassName("muted");
    error.addClassNames("notice", "notice-error", "error-lines");
    add(title, progress, counts, error);
    setVisible(false);
  }

  void show(ImportJob job) {
    setVisible(true);
    error.setVisible(false);
    boolean running = job.state == ImportJob.State.QUEUED || job.state == ImportJob.State.RUNNING;
    progress.setVisible(running);
    getElement().setAttribute("data-state", job.state.name());
    switch (job.state) {
      case QUEUED -> title.setText(job.fileName + ": waiting to start");
      case RUNNING -> title.setText(job.fileName + ": importing… " + job.recordsRead + " records read");
      case SUCCEEDED -> title.setText(job.fileName + ": imported");
      case FAILED -> title.setText(job.fileName + ": import failed");
    }
    counts.setText(job.recordsRead + " read · " + job.recordsNew + " new · " + job.duplicates + " duplicates · "
        + job.skipped + " skipped · " + job.rejected + " rejected" + (job.format == null ? "" : " · format " + job.format));
    if (job.state == ImportJob.State.FAILED && job.error != null) {
      error.setText(describe(job.error));
      error.setVisible(true);
    }
  }

  void showError(String message) {
    setVisible(true);
    progress.setVisible(false);
    title.setText("Upload refused");
    counts.setText("");
    error.setText(message);
    error.setVisible(true);
  }

  static String describe(Map<String, Object> error) {
    StringBuilder text = new StringBuilder();
    if (error.get("line") != null) {
      text.append("Line ").append(error.get("line"));
      if (error.get("field") != null) {
        text.append(", field ").append(error.get("field"));
      }
      text.append(": ");
    } else if (error.get("field") != null) {
      text.append("Field ").append(error.get("field")).append(": ");
    }
    text.append(error.getOrDefault("detail", "unknown error"));
    return text.toString();
  }
}
