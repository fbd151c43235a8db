package dev.assay.ui.views.models;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.shared.Registration;
import dev.assay.trainer.registry.ModelComparisons.ModelSummary;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What can be done with the models picked in the registry table: compare two or more; promote a candidate
 * through the release gate; roll back the production model of the picked model's kind (or classifier name).
 * Promote and roll back are offered to admins only; the view refuses them for anyone else as well. Emits
 * {@link CompareRequested}, {@link PromoteRequested} and {@link RollbackRequested}.
 */
class ModelActions extends Div {
  private final Button compare = new Button("Compare");
  private final Button promote = new Button("Promote");
  private final Button rollback = new Button("Roll back");
  private final Span hint = new Span();
  private final boolean mayAct;
  private List<ModelSummary> selected = List.of();

  ModelActions(boolean mayAct) {
    this.mayAct = mayAct;
    addClassName("model-actions");
    compare.setId("compare-models");
    compare.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    promote.setId("promote-model");
    rollback.setId("rollback-model");
    rollback.addThemeVariants(ButtonVariant.LUMO_ERROR);
    hint.addClassName("muted");
    compare.addClickListener(e -> fireEvent(new CompareRequested(this,
        selected.stream().map(ModelSummary::id).toList())));
    promote.addClickListener(e -> fireEvent(new PromoteRequested(this, selected.getFirst())));
    rollback.addClickListener(e -> fireEvent(new RollbackRequested(this, selected.getFirst())));
    if (!mayAct) {
      promote.setTooltipText("Only admins promote models");
      rollback.setTooltipText("Only admins roll models back");
    }
    add(compare, promote, rollback, hint);
    setSelected(Set.of());
  }

  void setSelected(Set<ModelSummary> models) {
    selected = models.stream().sorted(Comparator.comparingLong(ModelSummary::id)).toList();
    compare.setEnabled(selected.size() >= 2);
    boolean one = selected.size() == 1;
    promote.setEnabled(mayAct && one && "candidate".equals(selected.getFirst().stage()));
    rollback.setEnabled(mayAct && one && "production".equals(selected.getFirst().stage()));
    hint.setText(selected.isEmpty() ? "Pick two or more models to compare them, or one to promote or roll back."
        : selected.size() + " picked");
  }

  Registration addCompareListener(ComponentEventListener<CompareRequested> listener) {
    return addListener(CompareRequested.class, listener);
  }

  Registration addPromoteListener(ComponentEventListener<PromoteRequested> listener) {
    return addListener(PromoteRequested.class, listener);
  }

  Registration addRollbackListener(ComponentEventListener<RollbackRequested> listener) {
    return addListener(RollbackRequested.class, listener);
  }

  /** Compare these models, in id order. */
  static final class CompareRequested extends ComponentEvent<ModelActions> {
    private final List<Long> ids;

    CompareRequested(ModelActions source, List<Long> ids) {
      super(source, false);
      this.ids = List.copyOf(ids);
    }

    List<Long> ids() {
      return ids;
    }
  }

  /** An action on one picked model. */
  abstract static class ModelRequested extends ComponentEvent<ModelActions> {
    private final ModelSummary model;

    ModelRequested(ModelActions source, ModelSummary model) {
      super(source, false);
      this.model = model;
    }

    ModelSummary model() {
      return model;
    }
  }

  /** Put this candidate to the release gate. */
  static final class PromoteRequested extends ModelRequested {
    PromoteRequested(ModelActions source, ModelSummary model) {
      super(source, model);
    }
  }

  /** Take this production model out and bring back the one before it (of its kind, or its classifier name). */
  static final class RollbackRequested extends ModelRequested {
    RollbackRequested(ModelActions source, ModelSummary model) {
      super(source, model);
    }
  }
}
