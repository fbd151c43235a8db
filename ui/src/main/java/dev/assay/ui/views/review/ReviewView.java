package dev.assay.ui.views.review;

import dev.assay.ui.components.StorableInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.labeling.review.ReviewService;
import dev.assay.labeling.review.ReviewService.ReviewItem;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Choice;
import dev.assay.store.record.Message;
import dev.assay.ui.components.ConversationView;
import dev.assay.ui.components.MarkdownView;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.views.MainLayout;
import dev.assay.ui.security.UiRoles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Disputed comparisons: the conversation, both responses (as A and B, with their generators), every
 * judgement side by side, and the admin's adjudication, stored beside the judgements.
 */
@Route(value = "admin/review", layout = MainLayout.class)
@PageTitle("Review queue · Assay")
@UiRoles(Roles.ADMIN)
public class ReviewView extends Div {
  private final ReviewService reviews;
  private final ComboBox<Campaign> campaign = new ComboBox<>("Campaign");
  private final Select<String> state = new Select<>();
  private final Grid<ReviewItem> queue = new Grid<>();
  private final Div detail = new Div();

  public ReviewView(ReviewService reviews, CampaignService campaigns) {
    this.reviews = reviews;
    addClassName("page");
    campaign.setItems(campaigns.list());
    campaign.setItemLabelGenerator(c -> c.name);
    campaign.addValueChangeListener(e -> refresh());
    state.setLabel("Show");
    state.setItems("OPEN", "RESOLVED");
    state.setItemLabelGenerator(s -> s.equals("OPEN") ? "Waiting for a decision" : "Decided");
    state.setValue("OPEN");
    state.addValueChangeListener(e -> refresh());
    queue.addColumn(ReviewItem::comparisonId).setHeader("Comparison").setAutoWidth(true);
    queue.addColumn(r -> String.format(Locale.ROOT, "%.0f%%", r.agreement() * 100)).setHeader("Agreement").setAutoWidth(true);
    queue.addColumn(r -> r.judgements().size()).setHeader("Judgements").setAutoWidth(true);
    queue.addColumn(r -> r.adjudication() == null ? "" : r.adjudication().choice().name()).setHeader("Decision");
    queue.setAllRowsVisible(true);
    queue.asSingleSelect().addValueChangeListener(e -> showItem(e.getValue()));
    detail.addClassName("review-detail");
    Div filters = new Div(campaign, state);
    filters.addClassName("task-bar");
    add(new H2("Review queue"), filters, queue, detail);
    campaigns.list().stream().findFirst().ifPresent(campaign::setValue);
  }

  private void refresh() {
    detail.removeAll();
    if (campaign.getValue() == null) {
      queue.setItems(List.of());
      return;
    }
    queue.setItems(reviews.list(campaign.getValue().id, state.getValue()));
  }

  private void showItem(ReviewItem item) {
    detail.removeAll();
    if (item == null) {
      return;
    }
    ConversationView conversation = new ConversationView();
    conversation.setMessages(messages(item.prompt()));
    Div pair = new Div(response("A", item.generatorA(), item.responseA(), "left"),
        response("B", item.generatorB(), item.responseB(), "right"));
    pair.addClassName("pair");

    Grid<JsonNode> judged = new Grid<>();
    List<JsonNode> rows = new ArrayList<>();
    item.judgements().forEach(rows::add);
    judged.addColumn(j -> j.path("rater").asText()).setHeader("Rater");
    judged.addColumn(j -> j.path("choice").asText()).setHeader("Choice (A/B)");
    judged.addColumn(j -> j.path("strength").isNull() || j.path("strength").isMissingNode() ? "–"
        : String.valueOf(j.path("strength").asDouble())).setHeader("Strength");
    judged.setItems(rows);
    judged.setAllRowsVisible(true);

    Div decision = new Div();
    decision.addClassName("decision");
    if (item.adjudication() != null) {
      decision.add(new Paragraph("Decided " + item.adjudication().choice() + " by " + item.adjudication().reviewer()
          + (item.adjudication().rationale() == null ? "" : ": " + item.adjudication().rationale())));
    } else {
      TextArea rationale = new TextArea("Rationale");
      rationale.setWidthFull();
      StorableInput.guard(rationale);
      Div buttons = new Div();
      buttons.addClassName("actions");
      for (Choice choice : Choice.values()) {
        Button button = new Button(label(choice), e -> {
          if (StorableInput.check(rationale, rationale.getValue())) {
            adjudicate(item, choice, rationale.getValue());
          }
        });
        if (choice == Choice.A || choice == Choice.B) {
          button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
        buttons.add(button);
      }
      decision.add(new Span("Your decision"), rationale, buttons);
    }
    detail.add(new H3("Comparison " + item.comparisonId()), conversation, pair, new H3("Judgements"), judged, decision);
  }

  private void adjudicate(ReviewItem item, Choice choice, String rationale) {
    try {
      reviews.adjudicate(item.id(), CurrentUser.require().name(), choice,
          rationale == null || rationale.isBlank() ? null : rationale.strip());
      Notification.show("Decided " + label(choice), 3000, Notification.Position.BOTTOM_START);
      refresh();
    } catch (ProblemException e) {
      Notification.show(e.getMessage(), 6000, Notification.Position.BOTTOM_START);
    }
  }

  private static String label(Choice choice) {
    return switch (choice) {
      case A -> "A is better";
      case B -> "B is better";
      case TIE -> "Tie";
      case BOTH_BAD -> "Both bad";
    };
  }

  private static Div response(String name, String generator, String text, String side) {
    Span title = new Span("Response " + name);
    Span model = new Span(generator == null ? "" : generator);
    model.addClassName("muted");
    Div header = new Div(title, model);
    header.addClassName("response-header");
    Div body = new Div(new MarkdownView(text));
    body.addClassName("response-body");
    body.getElement().setAttribute("tabindex", "0");
    Div panel = new Div(header, body);
    panel.addClassNames("response", "response-" + side);
    return panel;
  }

  private static List<Message> messages(JsonNode prompt) {
    List<Message> messages = new ArrayList<>();
    if (prompt != null && prompt.isArray()) {
      prompt.forEach(t -> messages.add(new Message(t.path("role").asText("user"),
          t.path("content").isTextual() ? t.path("content").asText() : t.path("content").toString())));
    }
    return messages;
  }
}
