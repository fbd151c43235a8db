package dev.assay.ui.views.training;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import dev.assay.store.snapshot.SnapshotService.SnapshotListItem;
import dev.assay.trainer.run.RunRequest;
import dev.assay.trainer.training.TrainingConfig;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What to train: a snapshot (its held-out splits shown), the model kind, the featurizer and the
 * hyperparameters, each filled with its default. Holds no service: it is given the snapshots and the defaults
 * and fires {@link LaunchEvent} with a {@link RunRequest}.
 */
public class LaunchRunForm extends Div {
  private static final List<String> FEATURIZERS = List.of("hashed", "minilm", "bge", "hashed+minilm");

  final ComboBox<SnapshotListItem> snapshot = new ComboBox<>("Snapshot");
  final Paragraph split = new Paragraph();
  final Select<String> kind = new Select<>();
  final ComboBox<String> featurizer = new ComboBox<>("Featurizer");
  final IntegerField epochs = new IntegerField("Epochs");
  final IntegerField batchSize = new IntegerField("Batch size");
  final NumberField learningRate = new NumberField("Learning rate");
  final NumberField weightDecay = new NumberField("Weight decay");
  final IntegerField hiddenSize = new IntegerField("Hidden size");
  final NumberField centering = new NumberField("Reward centering");
  final IntegerField patience = new IntegerField("Early stopping patience");
  final IntegerField seed = new IntegerField("Seed");
  final Checkbox useMargin = new Checkbox("Use each pair's margin in the loss");
  final Button launch = new Button("Launch run");

  public LaunchRunForm(List<SnapshotListItem> snapshots, TrainingConfig defaults) {
    addClassName("launch-run");
    snapshot.setItems(snapshots);
    snapshot.setItemLabelGenerator(s -> s.name() + " #" + s.id());
    snapshot.setId("launch-snapshot");
    snapshot.setRequired(true);
    snapshot.addValueChangeListener(e -> showSplit(e.getValue()));
    split.addClassName("muted");
    split.setId("launch-split");
    showSplit(null);

    kind.setLabel("Kind");
    kind.setItems("reward", "preference");
    kind.setItemLabelGenerator(k -> k.equals("reward") ? "reward (Bradley-Terry, ties dropped)"
        : "preference (Davidson, ties used)");
    kind.setValue(defaults.kind().name().toLowerCase(Locale.ROOT));
    kind.setId("launch-kind");
    featurizer.setItems(FEATURIZERS);
    featurizer.setAllowCustomValue(true);
    featurizer.addCustomValueSetListener(e -> featurizer.setValue(e.getDetail()));
    featurizer.setValue(defaults.featurizer());
    featurizer.setHelperText("Or a full featurizer spec");
    featurizer.setId("launch-featurizer");

    integer(epochs, defaults.epochs(), 1, "num_train_epochs", "launch-epochs");
    integer(batchSize, defaults.batchSize(), 1, "pairs per optimizer step", "launch-batch-size");
    number(learningRate, defaults.learningRate(), "AdamW", "launch-learning-rate");
    number(weightDecay, defaults.weightDecay(), "AdamW's decoupled decay", "launch-weight-decay");
    integer(hiddenSize, defaults.hiddenSize(), 0, "0 = a linear head", "launch-hidden-size");
    number(centering, defaults.centeringCoefficient(), "center_rewards_coefficient", "launch-centering");
    integer(patience, defaults.earlyStoppingPatience(), 0, "epochs without a lower eval_loss; 0 = off",
        "launch-patience");
    integer(seed, defaults.seed(), 0, "weights and shuffles", "launch-seed");
    useMargin.setValue(defaults.useMargin());

    launch.setId("launch-run");
    launch.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    launch.addClickListener(e -> {
      if (snapshot.getValue() == null) {
        snapshot.setInvalid(true);
        snapshot.setErrorMessage("Choose the snapshot to train on");
        return;
      }
      fireEvent(new LaunchEvent(this, request()));
    });
    FormLayout form = new FormLayout(snapshot, kind, featurizer, epochs, batchSize, learningRate, weightDecay,
        hiddenSize, centering, patience, seed, useMargin);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("360px", 2),
        new FormLayout.ResponsiveStep("700px", 3));
    form.setColspan(snapshot, 3);
    add(form, split, launch);
  }

  private RunRequest request() {
    return new RunRequest(snapshot.getValue().id(), kind.getValue(), featurizer.getValue(), hiddenSize.getValue(),
        epochs.getValue(), batchSize.getValue(), toFloat(learningRate.getValue()), toFloat(weightDecay.getValue()),
        useMargin.getValue(), toFloat(centering.getValue()), patience.getValue(), seed.getValue());
  }

  /** The snapshot's splits: the model trains on train, validates on validation, and is evaluated on test. */
  private void showSplit(SnapshotListItem chosen) {
    if (chosen == null) {
      split.setText("Held out: a snapshot's validation split gives the eval_ metrics and early stopping; its test"
          + " split evaluates the registered model.");
      return;
    }
    Map<String, Long> counts = chosen.counts();
    split.setText(String.format(Locale.ROOT, "Trains on %d pairs; held out: %d validation (eval_ metrics, early"
            + " stopping) and %d test (the registered model's evaluation).", counts.getOrDefault("train", 0L),
        counts.getOrDefault("validation", 0L), counts.getOrDefault("test", 0L)));
  }

  private static void integer(IntegerField field, int defaultValue, int min, String help, String id) {
    field.setValue(defaultValue);
    field.setMin(min);
    field.setHelperText("Default " + defaultValue + " · " + help);
    field.setId(id);
  }

  private static void number(NumberField field, float defaultValue, String help, String id) {
    // Through the float's own decimal form: widened directly, 0.001f shows as 0.0010000000474974513.
    field.setValue(Double.parseDouble(Float.toString(defaultValue)));
    field.setMin(0);
    field.setStep(0.0001);
    field.setHelperText("Default " + defaultValue + " · " + help);
    field.setId(id);
  }

  private static Float toFloat(Double value) {
    return value == null ? null : value.floatValue();
  }

  /** The user asked to train this. */
  public static class LaunchEvent extends ComponentEvent<LaunchRunForm> {
    private final RunRequest request;

    LaunchEvent(LaunchRunForm source, RunRequest request) {
      super(source, false);
      this.request = request;
    }

    public RunRequest request() {
      return request;
    }
  }

  public void addLaunchListener(ComponentEventListener<LaunchEvent> listener) {
    addListener(LaunchEvent.class, listener);
  }
}
