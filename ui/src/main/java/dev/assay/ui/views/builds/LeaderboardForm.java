package dev.assay.ui.views.builds;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.assay.trainer.leaderboard.LeaderboardService;
import java.util.List;

/**
 * Which judgements to rank generators by (a dataset and/or a campaign), the anchor, the bootstrap rounds and
 * how ties count. Holds no service and fires {@link ShowEvent}.
 */
public class LeaderboardForm extends Div {
  final ComboBox<String> dataset = new ComboBox<>("Dataset");
  final IntegerField campaign = new IntegerField("Campaign");
  final TextField anchor = new TextField("Anchor generator");
  final IntegerField rounds = new IntegerField("Bootstrap rounds");
  final Select<String> ties = new Select<>();
  final Button show = new Button("Show leaderboard");

  public LeaderboardForm(List<String> datasets) {
    dataset.setItems(datasets);
    dataset.setClearButtonVisible(true);
    dataset.setId("leaderboard-dataset");
    campaign.setMin(1);
    campaign.setHelperText("Its human judgements");
    campaign.setId("leaderboard-campaign");
    anchor.setPlaceholder("the most compared");
    anchor.setHelperText("Rated 1000");
    anchor.setId("leaderboard-anchor");
    rounds.setValue(100);
    rounds.setMin(10);
    rounds.setMax(1000);
    rounds.setHelperText("Default 100 · for the 95% intervals");
    rounds.setId("leaderboard-rounds");
    ties.setLabel("Ties");
    ties.setItems("half", "drop");
    ties.setItemLabelGenerator(t -> t.equals("half") ? "half a win each" : "left out");
    ties.setValue("half");
    ties.setId("leaderboard-ties");
    show.setId("leaderboard-show");
    show.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    show.addClickListener(e -> fireEvent(new ShowEvent(this, new LeaderboardService.Query(dataset.getValue(),
        campaign.getValue() == null ? null : campaign.getValue().longValue(),
        anchor.getValue().isBlank() ? null : anchor.getValue().strip(),
        rounds.getValue() == null ? 100 : rounds.getValue(), 42, ties.getValue()))));
    FormLayout form = new FormLayout(dataset, campaign, anchor, rounds, ties);
    form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("700px", 5));
    add(form, show);
  }

  /** The user asked for this leaderboard. */
  public static class ShowEvent extends ComponentEvent<LeaderboardForm> {
    private final LeaderboardService.Query query;

    ShowEvent(LeaderboardForm source, LeaderboardService.Query query) {
      super(source, false);
      this.query = query;
    }

    public LeaderboardService.Query query() {
      return query;
    }
  }

  public void addShowListener(ComponentEventListener<ShowEvent> listener) {
    addListener(ShowEvent.class, listener);
  }
}
