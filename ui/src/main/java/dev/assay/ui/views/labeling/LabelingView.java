package dev.assay.ui.views.labeling;

import com.fasterxml.jackson.databind.JsonNode;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.ClientCallable;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.internal.AllowInert;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.VaadinSession;
import dev.assay.labeling.LabelingConfig;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.labeling.handout.HandoutService;
import dev.assay.labeling.handout.Judgement;
import dev.assay.labeling.handout.JudgementFlag;
import dev.assay.labeling.handout.JudgementInput;
import dev.assay.labeling.handout.JudgementService;
import dev.assay.labeling.handout.Side;
import dev.assay.labeling.handout.Task;
import dev.assay.labeling.quality.QualityService;
import dev.assay.labeling.quality.RaterStats;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.store.record.Message;
import dev.assay.ui.components.ConversationView;
import dev.assay.ui.data.RaterActivity;
import dev.assay.ui.security.CurrentUser;
import dev.assay.ui.security.UiRoles;
import dev.assay.ui.views.home.HomeView;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Where raters work: one comparison at a time, the prompt as a conversation, the two responses side by
 * side, and the decision panel. Everything is reachable from the keyboard (see {@link #SHORTCUTS}); the
 * lease is renewed while the rater is active, and a judgement that could not be saved is retried with
 * the same assignment (the labeling service's submit is idempotent), so nothing typed is lost.
 */
@Route("label/:campaignId")
@UiRoles(Roles.RATER)
public class LabelingView extends Div implements BeforeEnterObserver, HasDynamicTitle {
  private static final Logger LOG = Logger.getLogger(LabelingView.class);
  private static final String DRAFTS = "assay.labeling.drafts";

  /** Key, action: shown in the help dialog, and the only keys the client forwards. */
  static final List<String[]> SHORTCUTS = List.of(
      new String[] {"1 … 7", "Choose on the 7-point scale (1 = left much better, 4 = tie, 7 = right much better)"},
      new String[] {"1 / 2", "Binary campaigns: left / right is better"},
      new String[] {"T", "Tie (7-point campaigns)"},
      new String[] {"B", "Both bad (when the campaign allows it)"},
      new String[] {"C", "Go to the per-criterion choices (arrows choose, Tab moves on)"},
      new String[] {
          Arrays.stream(JudgementFlag.values()).map(JudgementFlag::key).collect(Collectors.joining(" ")),
          "Flag: " + Arrays.stream(JudgementFlag.values()).map(flag -> flag.label().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "))},
      new String[] {"N", "Write a rationale (Esc leaves the text box)"},
      new String[] {"D", "Show or hide the differences between the responses"},
      new String[] {"Ctrl+Enter", "Submit"},
      new String[] {"S", "Skip this task (you will be asked why)"},
      new String[] {"G", "Guidelines"},
      new String[] {"?", "This list"},
      new String[] {"Tab", "Move through the page; on a response, arrow keys scroll it"});

  private final HandoutService handout;
  private final JudgementService judgements;
  private final CampaignService campaigns;
  private final QualityService quality;
  private final RaterActivity activity;
  private final LabelingConfig config;

  private final Span campaignName = new Span();
  private final Span stats = new Span();
  private final Span lease = new Span();
  private final Button diffToggle = new Button("Differences");
  private final Button guidelinesButton = new Button("Guidelines");
  private final Button helpButton = new Button("Shortcuts");
  private final Div notice = new Div();
  private final Div announcer = new Div();
  private final ConversationView conversation = new ConversationView();
  private final ResponsePair pair = new ResponsePair();
  private final JudgementForm form = new JudgementForm();
  private final Div workArea = new Div();
  private final Div emptyState = new Div();
  private final SkipDialog skipDialog = new SkipDialog();
  private final InfoDialogs info = new InfoDialogs();

  private long campaignId;
  private Task task;
  private Instant shownAt;
  private ZoneId zone = ZoneId.systemDefault();
  private JudgementInput pendingSubmit;
  private int retryAttempt;
  private boolean submitting;
  private int doneThisSession;

  public LabelingView(HandoutService handout, JudgementService judgements, CampaignService campaigns,
      QualityService quality, RaterActivity activity, LabelingConfig config) {
    this.handout = handout;
    this.judgements = judgements;
    this.campaigns = campaigns;
    this.quality = quality;
    this.activity = activity;
    this.config = config;
    addClassName("labeling");
    setId("labeling-view");
    getElement().setAttribute("tabindex", "-1");

    RouterLink back = new RouterLink("← My work", HomeView.class);
    back.addClassName("muted");
    campaignName.addClassName("campaign-name");
    campaignName.setId("campaign-name");
    stats.addClassName("muted");
    stats.setId("personal-stats");
    lease.addClassName("lease");
    lease.setId("lease");
    lease.getElement().setAttribute("role", "timer");
    lease.getElement().setAttribute("aria-label", "Time left on this task");
    diffToggle.setSuffixComponent(JudgementForm.keyHint("D"));
    diffToggle.setAriaLabel("Show differences (key D)");
    diffToggle.getElement().setAttribute("aria-pressed", "false");
    diffToggle.addClickListener(e -> toggleDiff());
    guidelinesButton.setSuffixComponent(JudgementForm.keyHint("G"));
    guidelinesButton.setAriaLabel("Guidelines (key G)");
    guidelinesButton.addClickListener(e -> showGuidelines());
    helpButton.setSuffixComponent(JudgementForm.keyHint("?"));
    helpButton.setAriaLabel("Keyboard shortcuts (key question mark)");
    helpButton.addClickListener(e -> info.showShortcuts(SHORTCUTS));
    for (Button button : List.of(diffToggle, guidelinesButton, helpButton)) {
      button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
    }
    Div bar = new Div(back, campaignName, stats, lease, diffToggle, guidelinesButton, helpButton);
    bar.addClassName("task-bar");

    notice.setVisible(false);
    notice.setId("notice");
    notice.getElement().setAttribute("role", "status");
    announcer.addClassName("sr-only");
    announcer.getElement().setAttribute("aria-live", "polite");

    workArea.addClassName("work-area");
    workArea.add(conversation, pair, form);
    emptyState.addClassNames("card", "empty-state");
    emptyState.setVisible(false);

    form.addSubmitListener(e -> submit(e.input()));
    form.addSkipListener(e -> askSkipReason());
    form.addChangeListener(e -> saveDraft());
    skipDialog.addSkipListener(e -> skip(e.reason()));
    skipDialog.addOpenedChangeListener(e -> {
      if (!e.isOpened()) {
        focusView();
      }
    });

    add(bar, notice, announcer, workArea, emptyState, skipDialog);
  }

  @Override
  public void beforeEnter(BeforeEnterEvent event) {
    campaignId = event.getRouteParameters().getLong("campaignId").orElse(-1L);
  }

  @Override
  public String getPageTitle() {
    return task == null ? "Labeling · Assay" : task.campaignName() + " · Assay";
  }

  @Override
  protected void onAttach(AttachEvent event) {
    super.onAttach(event);
    getElement().executeJs(ClientScript.INSTALL);
    event.getUI().getPage().retrieveExtendedClientDetails(details -> {
      try {
        zone = ZoneId.of(details.getTimeZoneId());
      } catch (RuntimeException e) {
        zone = ZoneId.systemDefault();
      }
      refreshStats();
    });
    event.getUI().addPollListener(e -> retryPendingSubmit());
    loadNext(null);
  }

  // ---------------------------------------------------------------- tasks

  private void loadNext(String message) {
    String rater = CurrentUser.require().name();
    Optional<Task> next;
    try {
      next = handout.next(campaignId, rater);
    } catch (ProblemException e) {
      showEmpty(e.status() == 404 ? "This campaign does not exist." : e.getMessage(), false);
      return;
    }
    if (next.isEmpty()) {
      showEmpty("There is nothing left for you in this campaign right now. Other raters may still hold "
          + "tasks; if one of them gives a task back, it will show up here.", true);
      if (message != null) {
        showNotice(message, "notice-warn");
      }
      return;
    }
    show(next.get(), message);
  }

  private void show(Task next, String message) {
    this.task = next;
    Map<Long, DraftEntry> drafts = drafts();
    DraftEntry draft = drafts.computeIfAbsent(next.assignmentId(), id -> new DraftEntry(Instant.now()));
    shownAt = draft.shownAt;
    campaignName.setText(next.campaignName());
    conversation.setMessages(messages(next.prompt()));
    pair.setResponses(next.left(), next.right());
    pair.highlight(null);
    form.configure("SEVEN_POINT".equals(next.scale()), next.allowBothBad(), next.criteria(), draft.state);
    highlightChoice();
    info.setGuidelines(next.campaignName(), next.guidelines());
    workArea.setVisible(true);
    emptyState.setVisible(false);
    if (message != null) {
      showNotice(message, "notice-warn");
    } else if (next.resumed() && draft.state.choice != null) {
      showNotice("Welcome back: this is the task you were working on, with your answers kept.", "");
    } else {
      hideNotice();
    }
    setLease(next.leaseExpiresAt());
    refreshStats();
    announce("New task loaded. " + (form.state().choice == null ? "Press question mark for shortcuts." : ""));
    UI.getCurrent().getPage().setTitle(getPageTitle());
    focusView();
  }

  private void showEmpty(String text, boolean retry) {
    task = null;
    workArea.setVisible(false);
    emptyState.removeAll();
    H2 title = new H2("No task for you right now");
    Paragraph body = new Paragraph(text);
    RouterLink back = new RouterLink("Back to my work", HomeView.class);
    emptyState.add(title, body);
    if (retry) {
      Button again = new Button("Check again", e -> loadNext(null));
      again.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
      emptyState.add(again);
      again.focus();
    }
    emptyState.add(back);
    emptyState.setVisible(true);
    setLease(null);
    refreshStats();
    announce("No task right now.");
  }

  // ---------------------------------------------------------------- submit, skip, retry

  private void submit(JudgementInput input) {
    if (task == null || submitting) {
      return;
    }
    long elapsed = Math.max(0, Duration.between(shownAt, Instant.now()).toMillis());
    pendingSubmit = new JudgementInput(input.choice(), input.strength(), input.criteria(), input.flags(),
        input.rationale(), elapsed);
    retryAttempt = 0;
    trySubmit();
  }

  private void trySubmit() {
    if (task == null || pendingSubmit == null) {
      return;
    }
    submitting = true;
    form.setSubmitting(true);
    Task current = task;
    try {
      Judgement stored = judgements.submit(current.assignmentId(), CurrentUser.require().name(), pendingSubmit);
      pendingSubmit = null;
      stopRetrying();
      drafts().remove(current.assignmentId());
      doneThisSession++;
      announce("Saved" + (stored.created() ? "." : " (it had already been saved)."));
      loadNext(null);
    } catch (ProblemException e) {
      pendingSubmit = null;
      stopRetrying();
      if (e.status() == 409) {
        drafts().remove(current.assignmentId());
        loadNext("Your lease on that task ran out and the comparison went to other raters, so that "
            + "judgement could not be stored. Here is a new task.");
      } else {
        showNotice("Not saved: " + e.getMessage(), "notice-error");
      }
    } catch (RuntimeException e) {
      // The database or the network behind it hiccuped: keep everything and try again, same assignment.
      LOG.warnf("Submit of assignment %d failed, will retry: %s", current.assignmentId(), e.toString());
      retryAttempt++;
      int seconds = Math.min(30, 2 << Math.min(retryAttempt, 4));
      showNotice("Could not save just now (" + shortReason(e) + "). Your answers are kept; retrying in "
          + seconds + " s…", "notice-warn");
      UI.getCurrent().setPollInterval(seconds * 1000);
    } finally {
      submitting = false;
      form.setSubmitting(false);
    }
  }

  private void retryPendingSubmit() {
    if (pendingSubmit != null && !submitting) {
      trySubmit();
    } else if (pendingSubmit == null) {
      stopRetrying();
    }
  }

  private void stopRetrying() {
    UI.getCurrent().setPollInterval(-1);
  }

  private void askSkipReason() {
    if (task != null) {
      skipDialog.open();
    }
  }

  private void skip(String reason) {
    if (task == null) {
      return;
    }
    try {
      handout.giveBack(task.assignmentId(), CurrentUser.require().name(), true, reason);
      drafts().remove(task.assignmentId());
      loadNext(null);
      announce("Skipped.");
    } catch (ProblemException e) {
      showNotice(e.getMessage(), "notice-error");
    }
  }

  // ---------------------------------------------------------------- lease

  /** The client reports activity; renew the lease, or explain what happened while the rater was away. */
  @ClientCallable
  @AllowInert
  public void heartbeat() {
    if (task == null) {
      return;
    }
    boolean expired = !task.leaseExpiresAt().isAfter(Instant.now());
    try {
      Instant expires = handout.heartbeat(task.assignmentId(), CurrentUser.require().name());
      task = withLease(task, expires);
      setLease(expires);
      if (expired) {
        showNotice("Your time on this task ran out while you were away, but nobody else had taken it: "
            + "it is yours again, with your answers kept.", "");
      }
    } catch (ProblemException e) {
      if (e.status() == 409 || e.status() == 404) {
        drafts().remove(task.assignmentId());
        loadNext("Your time on the previous task ran out while you were away and it went to another "
            + "rater. Here is a new task.");
      } else {
        showNotice(e.getMessage(), "notice-error");
      }
    } catch (RuntimeException e) {
      LOG.debugf("Heartbeat failed, the client will try again: %s", e.toString());
    }
  }

  private void setLease(Instant expires) {
    Duration length = task == null ? Duration.ZERO
        : Optional.ofNullable(campaignLease()).orElse(config.leaseDuration());
    getElement().executeJs("this.__assay && this.__assay.setLease($0, $1)",
        expires == null ? 0 : expires.toEpochMilli(), length.toMillis());
  }

  private Duration campaignLease() {
    try {
      Campaign campaign = campaigns.get(campaignId);
      return campaign.leaseSeconds == null ? null : Duration.ofSeconds(campaign.leaseSeconds);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Task withLease(Task t, Instant expires) {
    return new Task(t.assignmentId(), t.campaignId(), t.campaignName(), t.guidelines(), t.scale(),
        t.allowBothBad(), t.criteria(), t.prompt(), t.left(), t.right(), expires, t.resumed());
  }

  // ---------------------------------------------------------------- keyboard

  /** A shortcut key the client forwarded (never while the rater types in a text field). */
  @ClientCallable
  public void shortcut(String key, String rationale) {
    if (task == null) {
      if ("g".equals(key) || "?".equals(key)) {
        info.showShortcuts(SHORTCUTS);
      }
      return;
    }
    if (skipDialog.isOpened()) {
      return;
    }
    boolean handled = switch (key) {
      case "1", "2", "3", "4", "5", "6", "7" -> form.pressScale(Integer.parseInt(key));
      case "t" -> form.tie();
      case "b" -> form.bothBad();
      case "s" -> {
        form.requestSkip();
        yield true;
      }
      case "submit" -> {
        if (rationale != null) {
          form.setRationaleFromClient(rationale);
        }
        yield form.requestSubmit();
      }
      case "g" -> {
        showGuidelines();
        yield true;
      }
      case "?" -> {
        info.showShortcuts(SHORTCUTS);
        yield true;
      }
      case "d" -> {
        toggleDiff();
        yield true;
      }
      case "n" -> {
        form.focusRationale();
        yield true;
      }
      case "c" -> form.focusCriteria();
      case "u", "f", "r", "o", "x" -> form.toggleFlag(key);
      default -> false;
    };
    if (!handled && key.matches("[1-7tb]")) {
      announce("That choice is not available in this campaign.");
    }
    highlightChoice();
  }

  private void highlightChoice() {
    Side choice = form.state().choice;
    pair.highlight(choice == Side.LEFT ? Boolean.TRUE : choice == Side.RIGHT ? Boolean.FALSE : null);
  }

  private void toggleDiff() {
    boolean on = pair.toggleDiff();
    diffToggle.setText(on ? "Formatted" : "Differences");
    diffToggle.getElement().setAttribute("aria-pressed", String.valueOf(on));
    announce(on ? "Differences highlighted." : "Formatted view.");
  }

  private void showGuidelines() {
    info.showGuidelines();
  }

  // ---------------------------------------------------------------- helpers

  private void refreshStats() {
    String rater = CurrentUser.require().name();
    List<String> parts = new ArrayList<>();
    try {
      RaterActivity.Summary summary = activity.summary(rater, zone);
      parts.add(summary.today() + " today");
      if (summary.streakDays() > 1) {
        parts.add(summary.streakDays() + "-day streak");
      }
      RaterStats mine = quality.raterStats(campaignId, rater);
      // Shown only once enough gold items were judged that it no longer points at a single item.
      if (mine.goldAccuracy() != null && mine.goldJudgements() >= config.quality().minGoldJudgements()) {
        parts.add(String.format(Locale.ROOT, "gold %.0f%%", mine.goldAccuracy() * 100));
      }
    } catch (RuntimeException e) {
      LOG.debugf("Stats unavailable: %s", e.toString());
    }
    stats.setText(String.join(" · ", parts));
  }

  private void showNotice(String text, String kind) {
    notice.setText(text);
    notice.setClassName("notice");
    if (kind != null && !kind.isEmpty()) {
      notice.addClassName(kind);
    }
    notice.setVisible(true);
  }

  private void hideNotice() {
    notice.setVisible(false);
  }

  private void announce(String text) {
    announcer.setText(text);
  }

  private void focusView() {
    getElement().executeJs("requestAnimationFrame(() => this.focus({preventScroll: true}))");
  }

  private void saveDraft() {
    if (task != null) {
      drafts().computeIfAbsent(task.assignmentId(), id -> new DraftEntry(Instant.now())).state = form.state();
    }
    highlightChoice();
  }

  private static String shortReason(RuntimeException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName();
    return text.isEmpty() ? "server error" : text;
  }

  /** The rater's unsent answers per assignment, in the session (survives a reload of the page). */
  @SuppressWarnings("unchecked")
  private static Map<Long, DraftEntry> drafts() {
    VaadinSession session = VaadinSession.getCurrent();
    Map<Long, DraftEntry> drafts = (Map<Long, DraftEntry>) session.getAttribute(DRAFTS);
    if (drafts == null) {
      drafts = new HashMap<>();
      session.setAttribute(DRAFTS, drafts);
    }
    return drafts;
  }

  static final class DraftEntry implements java.io.Serializable {
    final Instant shownAt;
    JudgementForm.State state = new JudgementForm.State();

    DraftEntry(Instant shownAt) {
      this.shownAt = shownAt;
    }
  }

  static List<Message> messages(JsonNode prompt) {
    List<Message> messages = new ArrayList<>();
    if (prompt == null) {
      return messages;
    }
    if (prompt.isArray()) {
      for (JsonNode turn : prompt) {
        String role = turn.path("role").asText("user");
        JsonNode content = turn.path("content");
        messages.add(new Message(role, content.isTextual() ? content.asText() : content.toString()));
      }
    } else if (prompt.isTextual()) {
      messages.add(Message.user(prompt.asText()));
    } else {
      messages.add(Message.user(prompt.toString()));
    }
    return messages;
  }
}
