package dev.assay.ui.views.models;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.shared.Registration;
import dev.assay.trainer.evaluation.Estimate;
import dev.assay.trainer.registry.ModelComparisons.ModelSummary;
import dev.assay.trainer.registry.ModelComparisons.PromotionSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;

/**
 * The registry as a table: each model's kind, featurizer, training data, headline metrics with their 95%
 * intervals, stage and promotion history, filtered by kind; models are picked with a check box each. Emits
 * {@link KindChosen} and {@link SelectionChanged}; it holds no service.
 */
class RegistryTable extends Div {
  static final String ALL_KINDS = "All kinds";
  private final Grid<ModelSummary> grid = new Grid<>();
  private final Select<String> kind = new Select<>();
  private final Map<Long, ModelSummary> picked = new LinkedHashMap<>();

  RegistryTable() {
    kind.setLabel("Kind");
    kind.setItems(ALL_KINDS, "reward", "preference", "classifier");
    kind.setValue(ALL_KINDS);
    kind.setId("model-kind");
    kind.addValueChangeListener(e -> fireEvent(new KindChosen(this,
        ALL_KINDS.equals(e.getValue()) ? null : e.getValue())));
    grid.addComponentColumn(this::pickBox).setHeader("").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(ModelSummary::version).setHeader("Model").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(m -> m.kind().toLowerCase(Locale.ROOT)).setHeader("Kind").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(ModelSummary::featurizer).setHeader("Featurizer").setFlexGrow(1);
    grid.addColumn(RegistryTable::trainingData).setHeader("Training data").setFlexGrow(2);
    grid.addColumn(m -> metric(m, "accuracy")).setHeader("Accuracy [95% CI]").setAutoWidth(true);
    grid.addColumn(m -> metric(m, m.kind().equals("CLASSIFIER") ? "macro_f1" : "ece"))
        .setHeader("ECE / macro F1").setAutoWidth(true);
    grid.addColumn(ModelSummary::stage).setHeader("Stage").setAutoWidth(true).setFlexGrow(0);
    grid.addColumn(m -> history(m.promotions())).setHeader("Promotion history").setAutoWidth(true);
    grid.addComponentColumn(RegistryTable::cardLink).setHeader("").setAutoWidth(true).setFlexGrow(0);
    grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    grid.setAllRowsVisible(true);
    grid.setId("model-grid");
    add(kind, grid);
  }

  /** Lists the models, keeping picked those of {@code keepPicked} that are still listed. */
  void setModels(List<ModelSummary> models, Set<Long> keepPicked) {
    picked.clear();
    models.stream().filter(m -> keepPicked.contains(m.id())).forEach(m -> picked.put(m.id(), m));
    grid.setItems(models);
    firePicked();
  }

  private Checkbox pickBox(ModelSummary model) {
    Checkbox box = new Checkbox(picked.containsKey(model.id()));
    box.setId("pick-model-" + model.id());
    box.setAriaLabel("Pick " + model.version());
    box.addValueChangeListener(e -> {
      if (e.getValue()) {
        picked.put(model.id(), model);
      } else {
        picked.remove(model.id());
      }
      firePicked();
    });
    return box;
  }

  private static Anchor cardLink(ModelSummary model) {
    Anchor link = new Anchor("models/" + model.id(), "Card");
    link.setId("card-" + model.id());
    return link;
  }

  private void firePicked() {
    fireEvent(new SelectionChanged(this, Set.copyOf(picked.values())));
  }

  static String metric(ModelSummary model, String name) {
    return model.metrics().stream().filter(m -> m.name().equals(name)).findFirst().map(RegistryTable::estimate)
        .orElse("—");
  }

  /** {@code 0.857 [0.702, 0.937]}, or the value alone when it has no interval. */
  static String estimate(Estimate estimate) {
    return estimate.low() == null ? String.format(Locale.ROOT, "%.3f", estimate.value())
        : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", estimate.value(), estimate.low(), estimate.high());
  }

  private static String trainingData(ModelSummary model) {
    if (model.snapshotId() == null) {
      return "uploaded files";
    }
    String hash = model.snapshotHash() == null ? "" : " · " + model.snapshotHash().substring(0, 12);
    return model.snapshotName() + " (#" + model.snapshotId() + ")" + hash;
  }

  private static String history(PromotionSummary history) {
    if (history.gatePassed() + history.gateRefused() + history.rollbacks() == 0) {
      return "never put to the gate";
    }
    StringBuilder text = new StringBuilder();
    text.append(history.gatePassed()).append(" passed · ").append(history.gateRefused()).append(" refused");
    if (history.rollbacks() > 0) {
      text.append(" · ").append(history.rollbacks()).append(history.rollbacks() == 1 ? " rollback" : " rollbacks");
    }
    return text.toString();
  }

  Registration addKindChosenListener(ComponentEventListener<KindChosen> listener) {
    return addListener(KindChosen.class, listener);
  }

  Registration addSelectionChangedListener(ComponentEventListener<SelectionChanged> listener) {
    return addListener(SelectionChanged.class, listener);
  }

  /** The kind filter changed; {@code kind} is null for every kind. */
  static final class KindChosen extends ComponentEvent<RegistryTable> {
    private final String kind;

    KindChosen(RegistryTable source, String kind) {
      super(source, false);
      this.kind = kind;
    }

    String kind() {
      return kind;
    }
  }

  /** The models picked in the table changed. */
  static final class SelectionChanged extends ComponentEvent<RegistryTable> {
    private final Set<ModelSummary> selected;

    SelectionChanged(RegistryTable source, Set<ModelSummary> selected) {
      super(source, false);
      this.selected = Set.copyOf(selected);
    }

    Set<ModelSummary> selected() {
      return selected;
    }
  }
}
