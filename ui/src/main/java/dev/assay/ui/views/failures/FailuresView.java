package dev.assay.ui.views.failures;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.assay.guardrail.suite.catalogue.FailureCatalogue;
import dev.assay.guardrail.suite.catalogue.FailureCatalogue.Failure;
import dev.assay.guardrail.suite.catalogue.FailureCatalogue.Filter;
import dev.assay.guardrail.suite.catalogue.FailureCatalogue.Group;
import dev.assay.guardrail.suite.catalogue.FailureCatalogue.GroupBy;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.ui.components.OneLine;
import dev.assay.ui.components.Toasts;
import dev.assay.ui.data.PagedFetch;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.MainLayout;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The failure catalogue: every failing probe of every suite run, filtered and searched, counted per suite,
 * category, template, mutation, policy or model, and exported as JSON lines with the filters on screen.
 * Probe texts are attacks and harmful answers by design: this screen is for the people who test them.
 */
@Route(value = "failures", layout = MainLayout.class)
@PageTitle("Failure catalogue · Assay")
@UiRoles({Roles.ADMIN, Roles.RESEARCHER})
public class FailuresView extends Div {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final FailureCatalogue catalogue;
  private final TextField suite = new TextField("Suite");
  private final TextField category = new TextField("Category");
  private final TextField template = new TextField("Template");
  private final TextField mutation = new TextField("Mutation");
  private final TextField policy = new TextField("Policy");
  private final TextField text = new TextField("Text in prompt or response");
  private final Select<GroupBy> groupBy = new Select<>();
  private final Grid<Group> groups = new Grid<>();
  private final Grid<Failure> failures = new Grid<>();
  private final Span total = new Span();
  private final ZoneId zone = ZoneId.systemDefault();
  /** Read by the export download, which runs outside the UI lock. */
  private volatile Filter filter = Filter.none();

  public FailuresView(FailureCatalogue catalogue) {
    this.catalogue = catalogue;
    addClassName("page");
    setId("failures");

    suite.setId("failure-suite");
    text.setId("failure-text");
    for (TextField field : new TextField[] {suite, category, template, mutation, policy, text}) {
      field.setClearButtonVisible(true);
      field.addKeyPressListener(Key.ENTER, e -> search());
    }
    Button search = new Button("Search", e -> search());
    search.setId("failure-search");
    search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    DownloadHandler jsonLines = event -> {
      event.setFileName("failures.jsonl");
      event.setContentType("application/x-ndjson");
      catalogue.export(filter, event.getOutputStream());
    };
    Anchor export = new Anchor(jsonLines, AttachmentType.DOWNLOAD, "Export JSON lines");
    export.setId("failure-export");
    FormLayout filters = new FormLayout(suite, category, template, mutation, policy, text);
    filters.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 2), new FormLayout.ResponsiveStep("900px", 6));
    HorizontalLayout actions = new HorizontalLayout(search, export, total);
    actions.setAlignItems(FlexComponent.Alignment.CENTER);
    total.addClassName("muted");
    total.setId("failure-total");
    Div filterCard = new Div(filters, actions);
    filterCard.addClassName("card");

    groupBy.setLabel("Count by");
    groupBy.setItems(GroupBy.values());
    groupBy.setItemLabelGenerator(GroupBy::wireName);
    groupBy.setValue(GroupBy.SUITE);
    groupBy.setId("failure-group-by");
    groupBy.addValueChangeListener(e -> refreshGroups());
    groups.addColumn(g -> g.value() == null ? "(none)" : g.value()).setHeader("Value").setFlexGrow(2);
    groups.addColumn(Group::failures).setHeader("Failures").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    groups.addColumn(Group::runs).setHeader("Runs").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    groups.addColumn(g -> when(g.lastSeen())).setHeader("Last seen").setAutoWidth(true);
    groups.setAllRowsVisible(true);
    groups.setId("failure-groups");
    groups.addItemClickListener(e -> narrowTo(e.getItem()));
    Div groupCard = new Div(new H3("Groups"), groupBy, groups);
    groupCard.addClassName("card");

    failures.addColumn(f -> "#" + f.runId()).setHeader("Run").setAutoWidth(true);
    failures.addColumn(f -> when(f.ranAt())).setHeader("When").setAutoWidth(true);
    failures.addColumn(f -> f.suite() + " v" + f.suiteVersion()).setHeader("Suite").setAutoWidth(true);
    failures.addColumn(Failure::probeKey).setHeader("Probe").setAutoWidth(true);
    failures.addColumn(f -> f.category() == null ? "" : f.category()).setHeader("Category").setAutoWidth(true);
    failures.addColumn(f -> f.mutation() == null ? "" : f.mutation()).setHeader("Mutation").setAutoWidth(true);
    failures.addColumn(f -> f.expected() + " → " + (f.decision() == null ? "?" : f.decision())).setHeader("Expected → got")
        .setAutoWidth(true);
    failures.addColumn(f -> f.policy() == null ? "" : f.policy() + " v" + f.policyVersion()).setHeader("Policy")
        .setAutoWidth(true);
    failures.addColumn(f -> f.modelVersion() == null ? "" : f.modelVersion()).setHeader("Model").setAutoWidth(true);
    failures.addColumn(f -> OneLine.of(f.side().equals("output") ? f.response() : f.prompt())).setHeader("Text").setFlexGrow(3);
    failures.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
    failures.setPageSize(PagedFetch.PAGE_SIZE);
    failures.setHeight("32em");
    failures.setId("failure-grid");
    Div failureCard = new Div(new H3("Failing probes"), failures);
    failureCard.addClassName("card");

    Div columns = new Div(groupCard, failureCard);
    columns.addClassName("catalogue-columns");
    add(new H2("Failure catalogue"), filterCard, columns);
    search();
  }

  private void search() {
    filter = new Filter(blank(suite), null, blank(category), blank(template), blank(mutation), blank(policy), null,
        null, blank(text), null, null);
    Filter current = filter;
    try {
      long count = catalogue.search(current, 0, 1).total();
      total.setText(count + " failing probes");
      failures.setItems(query -> PagedFetch.window((page, size) -> catalogue.search(current, page, size).items(),
          query.getOffset(), query.getLimit()), query -> (int) Math.min(Integer.MAX_VALUE, count));
      refreshGroups();
    } catch (ProblemException e) {
      Toasts.show(e.getMessage(), true);
    }
  }

  private void refreshGroups() {
    groups.setItems(catalogue.group(groupBy.getValue(), filter, 0, 50).items());
  }

  /** Clicking a group narrows the search to it, where the dimension has a filter of its own. */
  private void narrowTo(Group group) {
    if (group.value() == null) {
      return;
    }
    TextField field = switch (groupBy.getValue()) {
      case SUITE -> suite;
      case CATEGORY -> category;
      case TEMPLATE -> template;
      case MUTATION -> mutation;
      case POLICY -> policy;
      default -> null;
    };
    if (field != null) {
      field.setValue(group.value());
      search();
    }
  }

  private String when(Instant instant) {
    return instant == null ? "" : WHEN.format(instant.atZone(zone));
  }

  private static String blank(TextField field) {
    String value = field.getValue().strip();
    return value.isEmpty() ? null : value;
  }
}
