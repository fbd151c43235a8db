package dev.assay.ui.views.labeling;

import dev.assay.ui.components.StorableInput;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.assay.labeling.handout.JudgementFlag;
import dev.assay.labeling.handout.JudgementInput;
import dev.assay.labeling.handout.Side;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The decision panel: overall choice on the campaign's scale, per-criterion choices, flags, a rationale,
 * skip and submit. It holds no service and knows nothing of leases: it keeps the rater's answers and
 * emits {@link SubmitEvent}, {@link SkipEvent} and {@link ChangeEvent} (so the view can keep a draft).
 */
public class JudgementForm extends Div {
  private static final String[] SEVEN_POINT = {
      "Left is much better", "Left is better", "Left is slightly better", "About the same (tie)",
      "Right is slightly better", "Right is better", "Right is much better"};

  /** What a rater has entered so far; kept in the session so a reload or a hiccup loses nothing. */
  public static final class State implements Serializable {
    Integer strength;
    Side choice;
    final Map<String, Side> criteria = new LinkedHashMap<>();
    final Set<String> flags = new LinkedHashSet<>();
    String rationale = "";
  }

  private final Div scaleRow = new Div();
  private final Span choiceSummary = new Span();
  private final Div criteriaBox = new Div();
  private final Map<String, RadioButtonGroup<Side>> criterionGroups = new LinkedHashMap<>();
  private final Map<String, Checkbox> flagBoxes = new LinkedHashMap<>();
  private final TextArea rationale = new TextArea();
  private final Button submit = new Button("Submit");
  private final Button skip = new Button("Skip");
  private final List<Button> scaleButtons = new ArrayList<>();
  private Button bothBadButton;
  private Button tieButton;
  private boolean sevenPoint;
  private boolean allowBothBad;
  private State state = new State();
  private boolean restoring;

  public JudgementForm() {
    addClassName("decision");
    getElement().setAttribute("role", "form");
    getElement().setAttribute("aria-label", "Your judgement");

    Div overall = new Div();
    overall.addClassName("decision-overall");
    Span overallLabel = new Span("Which response is better?");
    overallLabel.addClassName("criterion-name");
    scaleRow.addClassName("scale");
    scaleRow.getElement().setAttribute("role", "group");
    scaleRow.getElement().setAttribute("aria-label", "Overall preference");
    choiceSummary.addClassName("muted");
    choiceSummary.getElement().setAttribute("aria-live", "polite");
    choiceSummary.setId("choice-summary");
    overall.add(overallLabel, scaleRow, choiceSummary);

    criteriaBox.addClassName("criteria");

    Div flags = new Div();
    flags.addClassName("flags");
    flags.getElement().setAttribute("role", "group");
    flags.getElement().setAttribute("aria-label", "Flags");
    for (JudgementFlag flag : JudgementFlag.values()) {
      Checkbox box = new Checkbox();
      box.setLabelComponent(labelWithKey(flag.label(), flag.key()));
      box.setAriaLabel(flag.label() + " (key " + flag.key() + ")");
      box.getElement().setAttribute("data-flag", flag.code());
      box.addValueChangeListener(e -> {
        if (e.getValue()) {
          state.flags.add(flag.code());
        } else {
          state.flags.remove(flag.code());
        }
        changed();
      });
      flagBoxes.put(flag.code(), box);
      flags.add(box);
    }

    rationale.setLabel("Rationale (optional)");
    rationale.setPlaceholder("Why? A sentence helps reviewers settle disagreements.  N to write, Esc to leave");
    rationale.setWidthFull();
    rationale.setMaxLength(4000);
    rationale.setMinRows(1);
    rationale.setMaxRows(4);
    rationale.setValueChangeMode(ValueChangeMode.LAZY);
    rationale.setId("rationale");
    StorableInput.guard(rationale);
    rationale.addValueChangeListener(e -> {
      state.rationale = e.getValue();
      changed();
    });

    submit.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    submit.setSuffixComponent(keyHint("Ctrl+Enter"));
    submit.setAriaLabel("Submit judgement (Control+Enter)");
    submit.setId("submit");
    // The rationale syncs lazily; the click carries its current text so a fast submit never loses it.
    String rationaleValue = "document.getElementById('rationale') ? document.getElementById('rationale').value : null";
    submit.getElement().addEventListener("click", e -> {
      tools.jackson.databind.JsonNode value = e.getEventData().get(rationaleValue);
      if (value != null && !value.isNull()) {
        setRationaleFromClient(value.asString());
      }
      requestSubmit();
    }).addEventData(rationaleValue).setFilter("!element.disabled");
    skip.setSuffixComponent(keyHint("S"));
    skip.setAriaLabel("Skip this task (key S)");
    skip.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
    skip.addClickListener(e -> fireEvent(new SkipEvent(this)));
    Div actions = new Div();
    actions.addClassName("actions");
    Span spacer = new Span();
    spacer.addClassName("spacer");
    actions.add(skip, spacer, submit);

    Div left = new Div(overall, criteriaBox);
    left.addClassName("decision-main");
    Div right = new Div(flags, rationale, actions);
    right.addClassName("decision-side");
    add(left, right);
  }

  /** Sets the controls the campaign asks for and clears (or restores) the answers. */
  public void configure(boolean sevenPoint, boolean allowBothBad, List<String> criteria, State restored) {
    this.sevenPoint = sevenPoint;
    this.allowBothBad = allowBothBad;
    this.state = restored == null ? new State() : restored;
    buildScale();
    buildCriteria(criteria);
    restoring = true;
    try {
      flagBoxes.forEach((name, box) -> box.setValue(state.flags.contains(name)));
      rationale.setValue(state.rationale == null ? "" : state.rationale);
      criterionGroups.forEach((name, group) -> group.setValue(state.criteria.get(name)));
    } finally {
      restoring = false;
    }
    showChoice();
    setEnabled(true);
  }

  public State state() {
    return state;
  }

  // ---- actions the view's keyboard shortcuts call ----

  /** Key 1-7 on the seven-point scale; on the binary scale 1 = left, 2 = right. */
  public boolean pressScale(int point) {
    if (sevenPoint) {
      if (point < 1 || point > 7) {
        return false;
      }
      state.strength = point;
      state.choice = point < 4 ? Side.LEFT : point == 4 ? Side.TIE : Side.RIGHT;
    } else {
      if (point != 1 && point != 2) {
        return false;
      }
      state.strength = null;
      state.choice = point == 1 ? Side.LEFT : Side.RIGHT;
    }
    showChoice();
    changed();
    return true;
  }

  public boolean tie() {
    return sevenPoint && pressScale(4);
  }

  public boolean bothBad() {
    if (!allowBothBad) {
      return false;
    }
    state.strength = null;
    state.choice = Side.BOTH_BAD;
    showChoice();
    changed();
    return true;
  }

  public boolean toggleFlag(String key) {
    for (JudgementFlag flag : JudgementFlag.values()) {
      if (flag.key().equalsIgnoreCase(key)) {
        Checkbox box = flagBoxes.get(flag.code());
        box.setValue(!box.getValue());
        return true;
      }
    }
    return false;
  }

  /** The rationale as the browser has it right now (it syncs lazily while typing). */
  public void setRationaleFromClient(String text) {
    state.rationale = text == null ? "" : text;
    restoring = true;
    try {
      rationale.setValue(state.rationale);
    } finally {
      restoring = false;
    }
  }

  public void focusRationale() {
    rationale.focus();
  }

  /** Focuses the first criterion's choices (arrow keys then pick within, Tab moves to the next). */
  public boolean focusCriteria() {
    return criterionGroups.values().stream().findFirst().map(group -> {
      group.getElement().executeJs("(this.querySelector('vaadin-radio-button[checked]') || this.querySelector('vaadin-radio-button')).focus()");
      return true;
    }).orElse(false);
  }

  /** Validates locally and emits {@link SubmitEvent}; false with a message when no choice was made. */
  public boolean requestSubmit() {
    if (state.choice == null) {
      choiceSummary.setText(sevenPoint
          ? "Choose a point on the scale first (keys 1-7)"
          : "Choose left or right first (keys 1 and 2)");
      choiceSummary.addClassName("needs-choice");
      return false;
    }
    if (!StorableInput.check(rationale, state.rationale)) {
      rationale.focus();
      return false;
    }
    Map<String, Side> criteria = new LinkedHashMap<>(state.criteria);
    String text = state.rationale == null || state.rationale.isBlank() ? null : state.rationale.strip();
    JudgementInput input = new JudgementInput(
        state.choice,
        sevenPoint && state.choice != Side.BOTH_BAD ? state.strength : null,
        criteria,
        List.copyOf(state.flags),
        text,
        null);
    fireEvent(new SubmitEvent(this, input));
    return true;
  }

  public void requestSkip() {
    fireEvent(new SkipEvent(this));
  }

  @Override
  public void setEnabled(boolean enabled) {
    submit.setEnabled(enabled);
    skip.setEnabled(enabled);
  }

  public void setSubmitting(boolean submitting) {
    submit.setText(submitting ? "Saving…" : "Submit");
    submit.setEnabled(!submitting);
  }

  // ---- building ----

  private void buildScale() {
    scaleRow.removeAll();
    scaleButtons.clear();
    Span leftEnd = new Span("◀ Left");
    leftEnd.addClassNames("scale-end", "left");
    Span rightEnd = new Span("Right ▶");
    rightEnd.addClassNames("scale-end", "right");
    scaleRow.add(leftEnd);
    if (sevenPoint) {
      for (int point = 1; point <= 7; point++) {
        int p = point;
        Button button = new Button(String.valueOf(point), e -> pressScale(p));
        button.addClassName("scale-point");
        button.setAriaLabel(point + ": " + SEVEN_POINT[point - 1]);
        button.setTooltipText(SEVEN_POINT[point - 1] + " (key " + point + (point == 4 ? " or T" : "") + ")");
        button.getElement().setAttribute("data-point", String.valueOf(point));
        scaleButtons.add(button);
        scaleRow.add(button);
      }
    } else {
      Button leftButton = new Button("Left is better", e -> pressScale(1));
      leftButton.setSuffixComponent(keyHint("1"));
      leftButton.setAriaLabel("Left is better (key 1)");
      Button rightButton = new Button("Right is better", e -> pressScale(2));
      rightButton.setSuffixComponent(keyHint("2"));
      rightButton.setAriaLabel("Right is better (key 2)");
      scaleButtons.add(leftButton);
      scaleButtons.add(rightButton);
      scaleRow.add(leftButton, rightButton);
    }
    scaleRow.add(rightEnd);
    tieButton = null;
    if (sevenPoint) {
      tieButton = new Button("Tie", e -> tie());
      tieButton.setSuffixComponent(keyHint("T"));
      tieButton.setAriaLabel("Tie: about the same (key T)");
      tieButton.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
      scaleRow.add(tieButton);
    }
    bothBadButton = null;
    if (allowBothBad) {
      bothBadButton = new Button("Both bad", e -> bothBad());
      bothBadButton.setSuffixComponent(keyHint("B"));
      bothBadButton.setAriaLabel("Both responses are bad (key B)");
      bothBadButton.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
      scaleRow.add(bothBadButton);
    }
  }

  private void buildCriteria(List<String> criteria) {
    criteriaBox.removeAll();
    criterionGroups.clear();
    // With a single criterion the overall choice says it all; more than one get their own rows.
    if (criteria == null || criteria.size() < 2) {
      criteriaBox.setVisible(false);
      return;
    }
    criteriaBox.setVisible(true);
    Span hint = new Span("Per criterion (optional) — C to start, arrows to choose, Tab for the next");
    hint.addClassName("muted");
    criteriaBox.add(hint);
    for (String criterion : criteria) {
      RadioButtonGroup<Side> group = new RadioButtonGroup<>();
      List<Side> options = new ArrayList<>(List.of(Side.LEFT, Side.TIE, Side.RIGHT));
      if (allowBothBad) {
        options.add(Side.BOTH_BAD);
      }
      group.setItems(options);
      group.setItemLabelGenerator(side -> switch (side) {
        case LEFT -> "Left";
        case RIGHT -> "Right";
        case TIE -> "Same";
        case BOTH_BAD -> "Both bad";
      });
      String label = humanize(criterion);
      group.setAriaLabel(label);
      group.getElement().setAttribute("data-criterion", criterion);
      group.addValueChangeListener(e -> {
        if (e.getValue() == null) {
          state.criteria.remove(criterion);
        } else {
          state.criteria.put(criterion, e.getValue());
        }
        changed();
      });
      Span name = new Span(label);
      name.addClassName("criterion-name");
      Div row = new Div(name, group);
      row.addClassName("criterion-row");
      criterionGroups.put(criterion, group);
      criteriaBox.add(row);
    }
  }

  private void showChoice() {
    choiceSummary.removeClassName("needs-choice");
    for (int i = 0; i < scaleButtons.size(); i++) {
      Button button = scaleButtons.get(i);
      boolean selected = sevenPoint
          ? state.strength != null && state.strength == i + 1 && state.choice != Side.BOTH_BAD
          : (i == 0 && state.choice == Side.LEFT) || (i == 1 && state.choice == Side.RIGHT);
      button.setClassName("selected", selected);
      button.getElement().setAttribute("aria-pressed", String.valueOf(selected));
    }
    if (tieButton != null) {
      boolean selected = state.choice == Side.TIE;
      tieButton.setClassName("selected", selected);
      tieButton.getElement().setAttribute("aria-pressed", String.valueOf(selected));
    }
    if (bothBadButton != null) {
      boolean selected = state.choice == Side.BOTH_BAD;
      bothBadButton.setClassName("selected", selected);
      bothBadButton.getElement().setAttribute("aria-pressed", String.valueOf(selected));
    }
    String text;
    if (state.choice == null) {
      text = sevenPoint ? "Press 1-7 (4 or T = tie)" : "Press 1 for left, 2 for right";
    } else if (state.choice == Side.BOTH_BAD) {
      text = "Your choice: both responses are bad";
    } else if (sevenPoint) {
      text = "Your choice: " + SEVEN_POINT[state.strength - 1];
    } else {
      text = "Your choice: " + (state.choice == Side.LEFT ? "left" : "right") + " is better";
    }
    choiceSummary.setText(text);
  }

  private void changed() {
    if (!restoring) {
      fireEvent(new ChangeEvent(this));
    }
  }

  static Span keyHint(String key) {
    Span kbd = new Span(key);
    kbd.addClassName("kbd");
    kbd.getElement().setAttribute("aria-hidden", "true");
    return kbd;
  }

  private static Span labelWithKey(String label, String key) {
    Span span = new Span(label);
    span.add(keyHint(key));
    return span;
  }

  static String humanize(String identifier) {
    String words = identifier.replace('_', ' ');
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  // ---- events ----

  public abstract static class JudgementFormEvent extends ComponentEvent<JudgementForm> {
    protected JudgementFormEvent(JudgementForm source) {
      super(source, false);
    }
  }

  /** The rater submits; the input is in their left/right terms, as the labeling service expects. */
  public static class SubmitEvent extends JudgementFormEvent {
    private final JudgementInput input;

    SubmitEvent(JudgementForm source, JudgementInput input) {
      super(source);
      this.input = input;
    }

    public JudgementInput input() {
      return input;
    }
  }

  /** The rater wants to skip (the view asks why). */
  public static class SkipEvent extends JudgementFormEvent {
    SkipEvent(JudgementForm source) {
      super(source);
    }
  }

  /** Any answer changed. */
  public static class ChangeEvent extends JudgementFormEvent {
    ChangeEvent(JudgementForm source) {
      super(source);
    }
  }

  public void addSubmitListener(ComponentEventListener<SubmitEvent> listener) {
    addListener(SubmitEvent.class, listener);
  }

  public void addSkipListener(ComponentEventListener<SkipEvent> listener) {
    addListener(SkipEvent.class, listener);
  }

  public void addChangeListener(ComponentEventListener<ChangeEvent> listener) {
    addListener(ChangeEvent.class, listener);
  }
}
