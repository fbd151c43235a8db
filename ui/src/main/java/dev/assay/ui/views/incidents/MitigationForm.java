package dev.assay.ui.views.incidents;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import dev.assay.platform.identity.KeySummary;
import java.util.List;
import java.util.function.Supplier;

/**
 * The mitigations of an incident, one button each: roll back a model or a policy, serve a chosen policy version,
 * rate-limit or revoke an API key. Holds no service: it emits a {@link MitigateEvent} and the view confirms and
 * acts.
 */
public class MitigationForm extends Div {
  final Select<String> kind = new Select<>();
  final TextField classifier = new TextField("Classifier");
  final TextField policy = new TextField("Policy");
  final IntegerField version = new IntegerField("Version");
  final Select<KeySummary> key = new Select<>();
  final NumberField requestsPerSecond = new NumberField("Requests/s");
  final IntegerField burst = new IntegerField("Burst");

  public MitigationForm() {
    kind.setLabel("Model");
    kind.setItems("REWARD", "PREFERENCE", "CLASSIFIER");
    kind.setValue("REWARD");
    kind.setId("mitigation-kind");
    classifier.setId("mitigation-classifier");
    classifier.setVisible(false);
    kind.addValueChangeListener(e -> classifier.setVisible("CLASSIFIER".equals(e.getValue())));
    Button modelRollback = button("Roll back model", "mitigate-model-rollback",
        () -> new Mitigation.ModelRollback(kind.getValue(), classifier.getValue().strip()));

    policy.setId("mitigation-policy");
    version.setId("mitigation-version");
    version.setMin(1);
    Button policyRollback = button("Roll back policy", "mitigate-policy-rollback",
        () -> new Mitigation.PolicyRollback(policy.getValue().strip()));
    Button policySwitch = button("Serve this version", "mitigate-policy-switch",
        () -> version.getValue() == null ? null : new Mitigation.PolicySwitch(policy.getValue().strip(), version.getValue()));

    key.setLabel("API key");
    key.setItemLabelGenerator(k -> k.id() + " · " + k.owner() + " · " + k.prefix() + (k.label() == null ? "" : " · " + k.label()));
    key.setId("mitigation-key");
    key.setWidth("22em");
    requestsPerSecond.setValue(1.0);
    requestsPerSecond.setMin(0.01);
    requestsPerSecond.setId("mitigation-rps");
    burst.setValue(5);
    burst.setMin(1);
    burst.setId("mitigation-burst");
    Button rateLimit = button("Rate-limit key", "mitigate-key-rate-limit", () -> key.getValue() == null
        || requestsPerSecond.getValue() == null || burst.getValue() == null ? null
        : new Mitigation.KeyRateLimit(key.getValue().id(), requestsPerSecond.getValue(), burst.getValue()));
    Button revoke = button("Revoke key", "mitigate-key-revocation",
        () -> key.getValue() == null ? null : new Mitigation.KeyRevocation(key.getValue().id()));

    add(new H3("Mitigate"), row(kind, classifier, modelRollback), row(policy, policyRollback, version, policySwitch),
        row(key, requestsPerSecond, burst, rateLimit, revoke));
  }

  /** Prefills the policy and offers the keys that may be cut off (those of the incident's caller first). */
  public void offer(String linkedPolicy, List<KeySummary> keys) {
    policy.setValue(linkedPolicy == null ? "" : linkedPolicy);
    key.setItems(keys);
    if (keys.size() == 1) {
      key.setValue(keys.getFirst());
    }
  }

  private Button button(String text, String id, Supplier<Mitigation> mitigation) {
    Button button = new Button(text, e -> {
      Mitigation asked = mitigation.get();
      if (asked != null) {
        fireEvent(new MitigateEvent(this, asked));
      }
    });
    button.setId(id);
    return button;
  }

  private static HorizontalLayout row(Component... components) {
    HorizontalLayout row = new HorizontalLayout(components);
    row.setAlignItems(FlexComponent.Alignment.BASELINE);
    row.getStyle().set("flex-wrap", "wrap");
    return row;
  }

  /** The user asked for a mitigation (not yet confirmed). */
  public static class MitigateEvent extends ComponentEvent<MitigationForm> {
    public final Mitigation mitigation;

    MitigateEvent(MitigationForm source, Mitigation mitigation) {
      super(source, false);
      this.mitigation = mitigation;
    }
  }

  public void addMitigateListener(ComponentEventListener<MitigateEvent> listener) {
    addListener(MitigateEvent.class, listener);
  }
}
