package dev.assay.ui.views.datasets;

import dev.assay.platform.http.UploadLimits;
import dev.assay.ui.components.LimitedUploads;
import dev.assay.ui.components.StorableInput;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import com.vaadin.flow.shared.Registration;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.dataset.DatasetSummary;
import dev.assay.store.dataset.ImportJob;
import dev.assay.store.dataset.ImportService;
import dev.assay.store.dataset.format.DatasetFormat;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.views.MainLayout;
import dev.assay.ui.security.UiRoles;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Uploads a dataset file (streamed to a background import; the upload shows its progress bar), then
 * follows the import job until it ends, showing its counts and, on failure, the line and field at fault.
 */
@Route(value = "datasets", layout = MainLayout.class)
@PageTitle("Datasets · Assay")
@UiRoles({Roles.ADMIN, Roles.RESEARCHER})
public class DatasetsView extends Div {
  private final ImportService imports;
  private final UploadLimits.Limit uploadLimit;
  private final TextField datasetName = new TextField("Dataset");
  private final Select<Optional<DatasetFormat>> format = new Select<>();
  private final Checkbox skipInvalid = new Checkbox("Skip invalid records (and count them) instead of failing");
  private final Upload upload = new Upload();
  private final ImportJobPanel jobPanel = new ImportJobPanel();
  private final Paragraph uploadTarget = new Paragraph();
  private final Grid<DatasetSummary> datasets = new Grid<>();
  private final List<Long> watched = new ArrayList<>();
  private volatile Settings settings;
  private Registration poll;

  /** What the next upload goes into, captured when a field changes (the upload thread reads it). */
  private record Settings(String dataset, DatasetFormat format, boolean skipInvalid, String user) {}

  public DatasetsView(ImportService imports, UploadLimits uploadLimits) {
    this.imports = imports;
    this.uploadLimit = uploadLimits.datasetImport();
    addClassName("page");

    datasetName.setRequiredIndicatorVisible(true);
    datasetName.setHelperText("Existing name: records are added to it (duplicates are recognised)");
    datasetName.setId("dataset-name");
    StorableInput.guard(datasetName);
    format.setLabel("Format");
    List<Optional<DatasetFormat>> formats = new ArrayList<>();
    formats.add(Optional.empty());
    Arrays.stream(DatasetFormat.values()).filter(DatasetFormat::canRead).map(Optional::of).forEach(formats::add);
    format.setItems(formats);
    format.setItemLabelGenerator(f -> f.map(DatasetFormat::cliName).orElse("Detect from the content"));
    format.setValue(Optional.empty());
    datasetName.addValueChangeListener(e -> captureSettings());
    format.addValueChangeListener(e -> captureSettings());
    skipInvalid.addValueChangeListener(e -> captureSettings());
    captureSettings();

    upload.setUploadHandler(new ImportUpload());
    upload.setMaxFiles(1);
    upload.setAcceptedFileTypes(".jsonl", ".json", ".gz", ".jsonl.gz", ".txt");
    upload.setDropAllowed(true);
    upload.setId("dataset-upload");
    uploadTarget.setId("upload-target");
    LimitedUploads.refuseLargerFiles(upload, uploadLimit, jobPanel::showError);
    upload.addSucceededListener(e -> upload.clearFileList());

    FormLayout form = new FormLayout(datasetName, format, skipInvalid);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("600px", 2));
    form.setColspan(skipInvalid, 2);

    Div uploadCard = new Div(new H3("Import a file"),
        new Paragraph("HH-RLHF, TRL, OpenAI preference, AlpacaEval, UltraFeedback or candidates; JSONL, "
            + "JSON or gzip. The file streams to the server and is imported in the background."),
        form, uploadTarget, upload, jobPanel);
    uploadCard.addClassName("card");

    datasets.addColumn(DatasetSummary::name).setHeader("Dataset").setFlexGrow(2);
    datasets.addColumn(DatasetSummary::records).setHeader("Records").setAutoWidth(true);
    datasets.addColumn(d -> d.createdAt() == null ? "" : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
        .format(d.createdAt().atZone(ZoneId.systemDefault()))).setHeader("Created").setAutoWidth(true);
    datasets.setAllRowsVisible(true);
    datasets.setId("dataset-grid");
    Div listCard = new Div(new H3("Datasets"), datasets);
    listCard.addClassName("card");

    Div columns = new Div(uploadCard, listCard);
    columns.addClassName("two-columns");
    add(new H2("Datasets"), columns);
    refreshDatasets();
  }

  @Override
  protected void onAttach(AttachEvent event) {
    super.onAttach(event);
    poll = event.getUI().addPollListener(e -> followJobs());
  }

  @Override
  protected void onDetach(DetachEvent event) {
    if (poll != null) {
      poll.remove();
    }
    event.getUI().setPollInterval(-1);
    super.onDetach(event);
  }

  private void captureSettings() {
    settings = new Settings(datasetName.getValue().strip(), format.getValue() == null ? null : format.getValue().orElse(null),
        skipInvalid.getValue(), CurrentUser.get().map(p -> p.name()).orElse(null));
    // Says where the next file goes, as the server will use it: a name typed a moment ago counts only
    // once it is shown here.
    uploadTarget.setText(settings.dataset().isEmpty() ? "The next file goes into a dataset named after the file."
        : "The next file goes into dataset \u201c" + settings.dataset() + "\u201d.");
  }

  /** Streams the upload into the import service; runs on the upload request, outside the UI lock. */
  private final class ImportUpload implements UploadHandler {
    @Override
    public void handleUploadRequest(UploadEvent event) throws IOException {
      Settings current = settings;
      UI ui = event.getUI();
      String name = current.dataset().isBlank() ? stem(event.getFileName()) : current.dataset();
      try {
        ImportJob job = imports.submit(LimitedUploads.counted(event.getInputStream(), uploadLimit), event.getFileName(),
            name, current.format(), current.skipInvalid(), current.user());
        ui.access(() -> started(job.id, name));
      } catch (ProblemException e) {
        ui.access(() -> jobPanel.showError(e.getMessage()));
      }
    }
  }

  private void started(long jobId, String dataset) {
    watched.add(jobId);
    if (datasetName.getValue().isBlank()) {
      datasetName.setValue(dataset);
    }
    jobPanel.show(imports.job(jobId));
    UI.getCurrent().setPollInterval(700);
  }

  private void followJobs() {
    if (watched.isEmpty()) {
      return;
    }
    long latest = watched.get(watched.size() - 1);
    ImportJob job = imports.job(latest);
    jobPanel.show(job);
    if (job.state == ImportJob.State.SUCCEEDED || job.state == ImportJob.State.FAILED) {
      watched.clear();
      UI.getCurrent().setPollInterval(-1);
      refreshDatasets();
    }
  }

  private void refreshDatasets() {
    datasets.setItems(imports.datasets());
  }

  static String stem(String fileName) {
    String name = fileName == null ? "upload" : fileName.replaceAll(".*[/\\\\]", "");
    return name.replaceAll("\\.(gz)$", "").replaceAll("\\.(jsonl|json|txt)$", "");
  }
}
