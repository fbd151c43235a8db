package dev.assay.ui.views.campaigns;

import dev.assay.ui.components.StorableInput;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.tabs.TabSheet;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.binder.Binder;
import com.vaadin.flow.data.binder.ValidationException;
import dev.assay.labeling.campaign.Scale;
import dev.assay.ui.components.MarkdownView;
import java.util.List;

/**
 * Creates or edits a campaign's settings. Holds no service: it is given the raters and datasets to
 * offer, and tells its view what to do through {@link SaveEvent} and {@link CloseEvent}.
 */
public class CampaignForm extends Div {
  final TextField name = new TextField("Name");
  final TextArea guidelines = new TextArea();
  final TextField criteria = new TextField("Criteria");
  final Select<Scale> scale = new Select<>();
  final Checkbox allowBothBad = new Checkbox("Allow \"both bad\"");
  final IntegerField ratingsRequired = new IntegerField("Ratings per comparison (N)");
  final NumberField goldPercent = new NumberField("Gold rate (%)");
  final IntegerField priority = new IntegerField("Priority");
  final DateTimePicker deadline = new DateTimePicker("Deadline");
  final IntegerField leaseMinutes = new IntegerField("Lease (minutes)");
  final MultiSelectComboBox<String> pool = new MultiSelectComboBox<>("Rater pool (empty = every rater)");
  final ComboBox<String> dataset = new ComboBox<>("Add comparisons from dataset");
  final Button save = new Button("Save");
  final Button close = new Button("Cancel");
  private final H3 heading = new H3();
  private final MarkdownView preview = new MarkdownView();
  private final Binder<CampaignDraft> binder = new Binder<>(CampaignDraft.class);
  private CampaignDraft draft;

  public CampaignForm(List<String> raters, List<String> datasets) {
    addClassNames("card", "campaign-form");
    name.setRequiredIndicatorVisible(true);
    name.setWidthFull();
    criteria.setHelperText("Lower-case identifiers, comma-separated: helpfulness, harmlessness");
    scale.setLabel("Scale");
    scale.setItems(Scale.values());
    scale.setItemLabelGenerator(s -> s == Scale.SEVEN_POINT ? "7-point (1 = left much better … 7 = right)" : "Binary (left or right)");
    ratingsRequired.setMin(1);
    ratingsRequired.setStepButtonsVisible(true);
    goldPercent.setMin(0);
    goldPercent.setMax(100);
    priority.setStepButtonsVisible(true);
    leaseMinutes.setHelperText("Empty = the server default");
    leaseMinutes.setMin(1);
    pool.setItems(raters);
    dataset.setItems(datasets);
    dataset.setClearButtonVisible(true);
    dataset.setHelperText("Its pairs become this campaign's comparisons when you save");

    guidelines.setWidthFull();
    guidelines.setMinHeight("12em");
    guidelines.setAriaLabel("Guidelines (markdown)");
    guidelines.setPlaceholder("What raters should prefer, with examples. Markdown works.");
    TabSheet guidelineTabs = new TabSheet();
    guidelineTabs.add("Guidelines", guidelines);
    guidelineTabs.add("Preview", preview);
    guidelineTabs.addSelectedChangeListener(e -> preview.setMarkdown(guidelines.getValue()));
    guidelineTabs.setWidthFull();

    binder.forField(name).asRequired("A campaign needs a name").withValidator(StorableInput.validator()).bind("name");
    binder.forField(guidelines).withValidator(StorableInput.validator()).bind("guidelines");
    binder.forField(criteria).asRequired("Name at least one criterion")
        .withValidator(v -> v.strip().matches("[a-z][a-z0-9_]{0,63}([,\\s]+[a-z][a-z0-9_]{0,63})*"),
            "Use lower-case identifiers such as helpfulness, separated by commas")
        .bind("criteria");
    binder.forField(scale).asRequired().bind("scale");
    binder.forField(allowBothBad).bind("allowBothBad");
    binder.forField(ratingsRequired).asRequired("N is required")
        .withValidator(n -> n >= 1 && n <= 50, "N must be between 1 and 50").bind("ratingsRequired");
    binder.forField(goldPercent).withValidator(g -> g == null || (g >= 0 && g <= 100), "0-100 %").bind("goldPercent");
    binder.forField(priority).bind("priority");
    binder.forField(deadline).bind("deadline");
    binder.forField(leaseMinutes).withValidator(m -> m == null || m >= 1, "At least one minute").bind("leaseMinutes");
    binder.forField(pool).bind("pool");

    FormLayout fields = new FormLayout(name, criteria, scale, allowBothBad, ratingsRequired, goldPercent,
        priority, deadline, leaseMinutes, pool, dataset);
    fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("560px", 2));
    fields.setColspan(name, 2);
    fields.setColspan(pool, 2);
    fields.setColspan(dataset, 2);

    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    save.addClickListener(e -> validateAndSave());
    save.addClickShortcut(Key.KEY_S, KeyModifier.CONTROL);
    close.addClickListener(e -> fireEvent(new CloseEvent(this)));
    close.addClickShortcut(Key.ESCAPE);
    HorizontalLayout buttons = new HorizontalLayout(save, close);
    add(heading, fields, guidelineTabs, buttons);
  }

  /** Shows a campaign to edit, or a new one when {@code draft.getId()} is null. */
  public void edit(CampaignDraft draft, boolean structureLocked) {
    this.draft = draft;
    heading.setText(draft.getId() == null ? "New campaign" : "Edit " + draft.getName());
    binder.readBean(draft);
    dataset.clear();
    // The labeling service only lets scale, criteria and N change while a campaign is a draft.
    scale.setReadOnly(structureLocked);
    criteria.setReadOnly(structureLocked);
    ratingsRequired.setReadOnly(structureLocked);
    preview.setMarkdown(draft.getGuidelines());
    name.focus();
  }

  public void setDatasets(List<String> names) {
    dataset.setItems(names);
  }

  private void validateAndSave() {
    try {
      binder.writeBean(draft);
      fireEvent(new SaveEvent(this, draft, dataset.getOptionalValue().orElse(null)));
    } catch (ValidationException e) {
      // the fields show their messages
    }
  }

  public abstract static class CampaignFormEvent extends ComponentEvent<CampaignForm> {
    protected CampaignFormEvent(CampaignForm source) {
      super(source, false);
    }
  }

  /** The admin saved the settings; {@code dataset} names a dataset whose pairs to add, or is null. */
  public static class SaveEvent extends CampaignFormEvent {
    private final CampaignDraft draft;
    private final String dataset;

    SaveEvent(CampaignForm source, CampaignDraft draft, String dataset) {
      super(source);
      this.draft = draft;
      this.dataset = dataset;
    }

    public CampaignDraft draft() {
      return draft;
    }

    public String dataset() {
      return dataset;
    }
  }

  public static class CloseEvent extends CampaignFormEvent {
    CloseEvent(CampaignForm source) {
      super(source);
    }
  }

  public void addSaveListener(ComponentEventListener<SaveEvent> listener) {
    addListener(SaveEvent.class, listener);
  }

  public void addCloseListener(ComponentEventListener<CloseEvent> listener) {
    addListener(CloseEvent.class, listener);
  }
}
