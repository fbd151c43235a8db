package dev.assay.ui.views.suites;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import dev.assay.guardrail.suite.SuiteService;
import dev.assay.platform.http.UploadLimits;
import dev.assay.ui.components.LimitedUploads;
import dev.assay.ui.components.Toasts;
import java.util.List;

/**
 * Builds a suite from uploaded source files: the kind, the suite's name, the kind's data file, the harmful
 * questions (jailbreak; optional for harmful responses) and a sample size (mutations). The files wait in
 * temporary files until the build. Holds no service: the view builds on {@link BuildEvent}.
 */
public class BuildSuiteForm extends Div {
  final Select<String> kind = new Select<>();
  final TextField name = new TextField("Name");
  final IntegerField sample = new IntegerField("Sample (mutations)");
  final Upload data = new Upload();
  final Upload questions = new Upload();
  final Button build = new Button("Build suite");
  private final Span dataName = new Span("no data file");
  private final Span questionsName = new Span("no questions file");
  private SuiteService.Upload dataFile;
  private SuiteService.Upload questionsFile;

  /** @param uploadLimit what each uploaded file may hold, as a suite build over REST */
  public BuildSuiteForm(List<String> kinds, UploadLimits.Limit uploadLimit) {
    addClassName("build-suite");
    kind.setLabel("Kind");
    kind.setItems(kinds);
    kind.setId("build-kind");
    kind.addValueChangeListener(e -> {
      if (name.getValue().isBlank() && e.getValue() != null) {
        name.setValue(e.getValue());
      }
    });
    name.setId("build-name");
    name.setRequiredIndicatorVisible(true);
    sample.setId("build-sample");
    sample.setMin(1);
    sample.setHelperText("Mutate only this many source probes, the same ones every time");
    data.setUploadHandler(LimitedUploads.toTemporaryFile(uploadLimit, (file, fileName) -> {
      dataFile = new SuiteService.Upload(file, fileName);
      dataName.setText("data: " + fileName);
    }, refused -> refused(data, refused)));
    LimitedUploads.refuseLargerFiles(data, uploadLimit, refused -> refused(data, refused));
    data.setId("build-data");
    data.setMaxFiles(1);
    data.setDropLabel(new Span("Data file (templates, questions, XSTest, responses, CrowS-Pairs; CSV or JSON)"));
    questions.setUploadHandler(LimitedUploads.toTemporaryFile(uploadLimit, (file, fileName) -> {
      questionsFile = new SuiteService.Upload(file, fileName);
      questionsName.setText("questions: " + fileName);
    }, refused -> refused(questions, refused)));
    LimitedUploads.refuseLargerFiles(questions, uploadLimit, refused -> refused(questions, refused));
    questions.setId("build-questions");
    questions.setMaxFiles(1);
    questions.setDropLabel(new Span("Harmful questions (jailbreak)"));
    dataName.setId("build-data-name");
    dataName.addClassNames("muted", "upload-name");
    questionsName.addClassNames("muted", "upload-name");
    build.setId("build-suite");
    build.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    build.addClickListener(e -> fireEvent(new BuildEvent(this, kind.getValue(), name.getValue().strip(),
        dataFile, questionsFile, sample.getValue())));

    FormLayout form = new FormLayout(kind, name, sample);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("600px", 3));
    Div actions = new Div(build);
    actions.addClassName("form-actions");
    add(form, data, dataName, questions, questionsName, actions);
  }

  private static void refused(Upload upload, String why) {
    upload.clearFileList();
    Toasts.show("The file was not uploaded: " + why, true);
  }

  /** Forgets the uploaded files once a build has read them. */
  public void clearFiles() {
    dataFile = null;
    questionsFile = null;
    data.clearFileList();
    questions.clearFileList();
    dataName.setText("no data file");
    questionsName.setText("no questions file");
  }

  /** The user asked to build a suite of {@code kind} from the uploaded files. */
  public static class BuildEvent extends ComponentEvent<BuildSuiteForm> {
    private final String kind;
    private final String name;
    private final SuiteService.Upload data;
    private final SuiteService.Upload questions;
    private final Integer sample;

    BuildEvent(BuildSuiteForm source, String kind, String name, SuiteService.Upload data,
        SuiteService.Upload questions, Integer sample) {
      super(source, false);
      this.kind = kind;
      this.name = name;
      this.data = data;
      this.questions = questions;
      this.sample = sample;
    }

    public String kind() {
      return kind;
    }

    public String name() {
      return name;
    }

    /** The kind's source file as uploaded; null when none was. */
    public SuiteService.Upload data() {
      return data;
    }

    public SuiteService.Upload questions() {
      return questions;
    }

    public Integer sample() {
      return sample;
    }
  }

  public void addBuildListener(ComponentEventListener<BuildEvent> listener) {
    addListener(BuildEvent.class, listener);
  }
}
