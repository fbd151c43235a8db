package dev.assay.ui.views.models;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.assay.guardrail.card.ModelCardMarkdown;
import dev.assay.guardrail.card.ModelCards;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.trainer.registry.ModelComparisons;
import dev.assay.trainer.registry.ModelComparisons.ModelSummary;
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.ui.components.MarkdownView;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The model registry for researchers and admins: the registry table filtered by kind, a side-by-side comparison
 * of the models picked, promotion through the release gate with its answer shown, rollback, and at
 * {@code models/{id}} a model's card (uses, training data, evaluation, suite runs, bias audit, failure modes and
 * promotions), rendered from the card's markdown by {@link MarkdownView} (escaped: names and notes in a card come
 * from users and data). Only admins promote and roll back: the buttons are disabled for others and the actions
 * refused here, on the server, whatever the browser sends.
 */
@Route(value = "models", layout = MainLayout.class)
@PageTitle("Models · Assay")
@UiRoles({Roles.ADMIN, Roles.RESEARCHER})
public class ModelCardView extends Div implements HasUrlParameter<Long> {
  private final ModelRegistry registry;
  private final ModelComparisons comparisons;
  private final ModelCards cards;
  private final RegistryTable table = new RegistryTable();
  private final ModelActions actions = new ModelActions(CurrentUser.hasRole(Roles.ADMIN));
  private final GateReportPanel gate = new GateReportPanel();
  private final ComparisonPanel comparison = new ComparisonPanel();
  private final MarkdownView card = new MarkdownView();
  private final Paragraph hint = new Paragraph("Open a model's card from its row.");
  private String kind;

  public ModelCardView(ModelRegistry registry, ModelComparisons comparisons, ModelCards cards) {
    this.registry = registry;
    this.comparisons = comparisons;
    this.cards = cards;
    addClassName("page");
    table.addKindChosenListener(e -> {
      kind = e.kind();
      refresh(Set.of());
    });
    table.addSelectionChangedListener(e -> actions.setSelected(e.selected()));
    actions.addCompareListener(e -> compare(e.ids()));
    actions.addPromoteListener(e -> promote(e.model()));
    actions.addRollbackListener(e -> rollback(e.model()));
    Div registryPanel = new Div(table, actions);
    registryPanel.addClassName("card");
    card.setId("model-card");
    Div cardPanel = new Div(hint, card);
    cardPanel.addClassName("card");
    add(new H2("Models"), registryPanel, gate, comparison, cardPanel);
    refresh(Set.of());
  }

  private void refresh(Set<Long> keepSelected) {
    table.setModels(comparisons.summaries(kind), keepSelected);
  }

  private void compare(List<Long> ids) {
    try {
      comparison.show(comparisons.compare(ids));
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void promote(ModelSummary model) {
    if (!CurrentUser.hasRole(Roles.ADMIN)) {
      Toasts.show("Only admins promote models", true);
      return;
    }
    try {
      ModelRegistry.GateReport report = registry.promote(model.id(), CurrentUser.require().name());
      gate.show(model.version(), new GateReportPanel.Answer(report.passed(), report.metric(), report.candidateScore(),
          report.baselineScore(), report.evaluationSet(), report.rule(), report.failures()));
    } catch (ProblemException e) {
      if (e.toProblem().extensions().get("gate") instanceof Map<?, ?> refusal) {
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) refusal;
        gate.show(model.version(), GateReportPanel.Answer.of(report));
      } else {
        Toasts.show(e.getMessage(), true);
      }
    }
    refresh(Set.of(model.id()));
  }

  private void rollback(ModelSummary model) {
    if (!CurrentUser.hasRole(Roles.ADMIN)) {
      Toasts.show("Only admins roll models back", true);
      return;
    }
    try {
      ModelRegistry.Rollback rollback = registry.rollback(model.kind(),
          "CLASSIFIER".equals(model.kind()) ? model.name() : null, CurrentUser.require().name());
      Toasts.show(rollback.from().version() + " taken out of production; " + rollback.to().version()
          + " serves again", false);
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
    refresh(Set.of());
  }

  @Override
  public void setParameter(BeforeEvent event, @OptionalParameter Long modelId) {
    if (modelId == null) {
      card.setMarkdown("");
      hint.setVisible(true);
      return;
    }
    try {
      card.setMarkdown(ModelCardMarkdown.render(cards.card(modelId)));
      hint.setVisible(false);
    } catch (ProblemException e) {
      card.setMarkdown("");
      hint.setText(e.getMessage());
      hint.setVisible(true);
    }
  }
}
