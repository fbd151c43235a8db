package dev.assay.ui.views.training;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import dev.assay.trainer.run.RunEvent;
import dev.assay.trainer.run.TrainingRun;
import dev.assay.ui.components.SvgChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One training run as it trains: its state, worker, attempts, epoch and ETA, and a chart per metric (loss,
 * accuracy, margin: training and validation) that gains a point per epoch. Fed {@link RunEvent}s by its view;
 * holds no service, and fires {@link CancelEvent} when the user cancels the run.
 */
public class LiveRunPanel extends Div {
  /** Each chart, by name, with the logged metrics it draws: training, then validation. */
  private static final Map<String, List<String>> CHARTS = Map.of(
      "loss", List.of("loss", "eval_loss"),
      "accuracy", List.of("accuracy", "eval_accuracy"),
      "margin", List.of("margin", "eval_margin"));

  private final H3 heading = new H3();
  private final Span state = new Span();
  private final Span worker = new Span();
  private final Span attempts = new Span();
  private final Span epoch = new Span();
  private final Span eta = new Span();
  private final Span error = new Span();
  private final Anchor model = new Anchor();
  private final Button cancel = new Button("Cancel run");
  private final Map<String, SvgChart> charts = Map.of(
      "loss", new SvgChart("Loss per epoch"),
      "accuracy", new SvgChart("Accuracy per epoch"),
      "margin", new SvgChart("Reward margin per epoch"));
  private final List<Map<String, Object>> epochs = new ArrayList<>();
  private int totalEpochs;

  public LiveRunPanel() {
    addClassName("card");
    setId("run-panel");
    state.setId("run-state");
    worker.setId("run-worker");
    attempts.setId("run-attempts");
    epoch.setId("run-epoch");
    eta.setId("run-eta");
    error.setId("run-error");
    error.addClassName("error-lines");
    model.setId("run-model");
    cancel.setId("run-cancel");
    cancel.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
    cancel.addClickListener(e -> fireEvent(new CancelEvent(this)));
    Div facts = new Div(state, epoch, eta, worker, attempts, model, cancel);
    facts.addClassName("run-facts");
    Div chartRow = new Div();
    chartRow.addClassName("charts-row");
    for (String name : List.of("loss", "accuracy", "margin")) {
      SvgChart chart = charts.get(name);
      chart.setId("chart-" + name);
      chartRow.add(new Div(new H4(name), chart));
    }
    add(heading, facts, error, chartRow);
    setVisible(false);
  }

  /** Starts over for this run: its facts now, its curves as its epochs arrive. */
  public void start(TrainingRun run) {
    epochs.clear();
    totalEpochs = ((Number) run.config.getOrDefault("epochs", 0)).intValue();
    heading.setText("Run #" + run.id);
    eta.setText("");
    showState(run);
    drawCharts();
    setVisible(true);
  }

  public void apply(RunEvent event) {
    switch (event) {
      case RunEvent.StateChanged changed -> showState(changed.run());
      case RunEvent.EpochLogged logged -> {
        epochs.add(logged.log().metrics());
        epoch.setText("Epoch " + logged.log().epoch() + " of " + totalEpochs);
        drawCharts();
      }
      case RunEvent.StepProgressed step -> {
        Map<String, Object> progress = step.progress();
        epoch.setText("Epoch " + progress.get("epoch") + " of " + progress.get("epochs") + ", step "
            + progress.get("step") + " of " + progress.get("steps"));
        eta.setText("ETA " + duration(((Number) progress.get("etaSeconds")).longValue()));
      }
    }
  }

  private void showState(TrainingRun run) {
    state.setText(run.state.name());
    state.setClassName("state-badge state-" + run.state.name());
    worker.setText(run.worker == null ? "no worker yet" : "worker " + run.worker);
    attempts.setText("attempt " + run.attempts);
    epoch.setText("Epoch " + run.epochsDone + " of " + totalEpochs);
    error.setText(run.error == null ? "" : run.error);
    error.setVisible(run.error != null);
    cancel.setVisible(!run.state.finished());
    if (run.state.finished()) {
      eta.setText("");
    }
    model.setVisible(run.modelId != null);
    if (run.modelId != null) {
      model.setText("model #" + run.modelId);
      model.setHref("models/" + run.modelId);
    }
  }

  private void drawCharts() {
    CHARTS.forEach((name, metrics) -> {
      List<SvgChart.Series> series = new ArrayList<>();
      for (String metric : metrics) {
        List<Double> values = epochs.stream().map(m -> m.get(metric)).filter(Number.class::isInstance)
            .map(v -> ((Number) v).doubleValue()).toList();
        if (!values.isEmpty()) {
          series.add(new SvgChart.Series(metric, values));
        }
      }
      charts.get(name).showLines(series, "epoch", "%.3f");
    });
  }

  private static String duration(long seconds) {
    return seconds >= 60 ? (seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
  }

  /** The user asked to cancel the run shown. */
  public static class CancelEvent extends ComponentEvent<LiveRunPanel> {
    CancelEvent(LiveRunPanel source) {
      super(source, false);
    }
  }

  public void addCancelListener(ComponentEventListener<CancelEvent> listener) {
    addListener(CancelEvent.class, listener);
  }
}
