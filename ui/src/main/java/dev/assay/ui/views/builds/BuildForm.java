package dev.assay.ui.views.builds;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import dev.assay.trainer.builder.DatasetBuilder;
import java.util.List;

/**
 * A best-of-n / DPO build: the candidates dataset, an optional guardrail policy that drops the responses it
 * would block, the DPO margin, and the output names (empty = named after the source and the build). Holds no
 * service: it is given the names to offer and fires {@link BuildEvent}.
 */
public class BuildForm extends Div {
  final ComboBox<String> dataset = new ComboBox<>("Candidates dataset");
  final ComboBox<String> policy = new ComboBox<>("Guardrail policy");
  final NumberField margin = new NumberField("DPO margin");
  final TextField sftDataset = new TextField("SFT dataset");
  final TextField dpoDataset = new TextField("DPO dataset");
  final Checkbox append = new Checkbox("Add to these datasets if they exist");
  final Button build = new Button("Start build");

  public BuildForm(List<String> datasets, List<String> policies) {
    dataset.setItems(datasets);
    dataset.setId("build-dataset");
    dataset.setHelperText("k responses per prompt, scored by the production reward model");
    policy.setItems(policies);
    policy.setClearButtonVisible(true);
    policy.setHelperText("Responses it would block are left out");
    policy.setId("build-policy");
    margin.setValue(0.5);
    margin.setMin(0);
    margin.setStep(0.05);
    margin.setHelperText("Default 0.5 · normalised reward gap a best-vs-worst pair needs");
    margin.setId("build-margin");
    sftDataset.setPlaceholder("<source>-sft-<build>");
    sftDataset.setId("build-sft");
    dpoDataset.setPlaceholder("<source>-dpo-<build>");
    dpoDataset.setId("build-dpo");
    build.setId("build-start");
    build.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    build.addClickListener(e -> {
      if (dataset.getValue() == null) {
        dataset.setInvalid(true);
        dataset.setErrorMessage("Choose the candidates dataset");
        return;
      }
      fireEvent(new BuildEvent(this, new DatasetBuilder.Request(dataset.getValue(), policy.getValue(),
          margin.getValue(), blankToNull(sftDataset.getValue()), blankToNull(dpoDataset.getValue()),
          append.getValue())));
    });
    FormLayout form = new FormLayout(dataset, policy, margin, sftDataset, dpoDataset, append);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("600px", 3));
    add(form, build);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** The user asked to start this build. */
  public static class BuildEvent extends ComponentEvent<BuildForm> {
    private final DatasetBuilder.Request request;

    BuildEvent(BuildForm source, DatasetBuilder.Request request) {
      super(source, false);
      this.request = request;
    }

    public DatasetBuilder.Request request() {
      return request;
    }
  }

  public void addBuildListener(ComponentEventListener<BuildEvent> listener) {
    addListener(BuildEvent.class, listener);
  }
}
