package dev.assay.ui.views.models;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
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
import dev.assay.trainer.registry.ModelRegistry;
import dev.assay.trainer.registry.RegisteredModel;
import dev.assay.ui.components.MarkdownView;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import java.util.Comparator;
import java.util.Locale;

/**
 * Registered models and, at {@code models/{id}}, a model's card: uses, training data, evaluation, suite
 * runs, bias audit, failure modes and promotions, rendered from the card's markdown by {@link MarkdownView}
 * (escaped: names and notes in a card come from users and data).
 */
@Route(value = "models", layout = MainLayout.class)
@PageTitle("Model cards · Assay")
@UiRoles({Roles.ADMIN, Roles.RESEARCHER})
public class ModelCardView extends Div implements HasUrlParameter<Long> {
  private final ModelCards cards;
  private final Grid<RegisteredModel> models = new Grid<>();
  private final MarkdownView card = new MarkdownView();
  private final Paragraph hint = new Paragraph("Pick a model to read its card.");

  public ModelCardView(ModelRegistry registry, ModelCards cards) {
    this.cards = cards;
    addClassName("page");
    models.addColumn(m -> m.name + " v" + m.version).setHeader("Model").setFlexGrow(2);
    models.addColumn(m -> m.kind.toLowerCase(Locale.ROOT)).setHeader("Kind").setAutoWidth(true);
    models.addColumn(m -> m.stage.name().toLowerCase(Locale.ROOT)).setHeader("Stage").setAutoWidth(true);
    models.setItems(registry.list().stream().sorted(Comparator.comparing((RegisteredModel m) -> m.id).reversed())
        .toList());
    models.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    models.setAllRowsVisible(true);
    models.setId("model-grid");
    models.addItemClickListener(e -> getUI().ifPresent(ui -> ui.navigate(ModelCardView.class, e.getItem().id)));
    Div list = new Div(models);
    list.addClassName("card");
    card.setId("model-card");
    Div cardPanel = new Div(hint, card);
    cardPanel.addClassName("card");
    Div columns = new Div(list, cardPanel);
    columns.addClassName("catalogue-columns");
    add(new H2("Model cards"), columns);
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
