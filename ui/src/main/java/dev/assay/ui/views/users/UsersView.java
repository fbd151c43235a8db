package dev.assay.ui.views.users;

import dev.assay.ui.components.StorableInput;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.assay.labeling.campaign.Campaign;
import dev.assay.labeling.campaign.CampaignService;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.Roles;
import dev.assay.platform.problem.ProblemException;
import dev.assay.platform.identity.KeySummary;
import dev.assay.platform.identity.UserSummary;
import dev.assay.ui.views.MainLayout;
import dev.assay.ui.security.UiRoles;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Users (create, roles, campaigns) and API keys (create, shown once; revoke). */
@Route(value = "admin/users", layout = MainLayout.class)
@PageTitle("Users & keys · Assay")
@UiRoles(Roles.ADMIN)
public class UsersView extends Div {
  private final IdentityService identities;
  private final CampaignService campaigns;
  private final Grid<UserSummary> users = new Grid<>();
  private final Grid<KeySummary> keys = new Grid<>();
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  public UsersView(IdentityService identities, CampaignService campaigns) {
    this.identities = identities;
    this.campaigns = campaigns;
    addClassName("page");

    TextField username = StorableInput.guard(new TextField("Username"));
    PasswordField password = new PasswordField("Password");
    password.setHelperText("At least 10 characters");
    CheckboxGroup<String> roles = new CheckboxGroup<>("Roles", Roles.ALL);
    roles.setValue(Set.of(Roles.RATER));
    MultiSelectComboBox<Campaign> pools = new MultiSelectComboBox<>("Add to campaign pools");
    pools.setItems(campaigns.list());
    pools.setItemLabelGenerator(c -> c.name);
    Button create = new Button("Create user", e -> {
      try {
        if (!StorableInput.check(username, username.getValue())) {
          return;
        }
        identities.createUser(username.getValue().strip(), password.getValue(), List.copyOf(roles.getValue()));
        for (Campaign c : pools.getValue()) {
          addToPool(c.id, username.getValue().strip());
        }
        toast("Created " + username.getValue(), false);
        username.clear();
        password.clear();
        pools.clear();
        refresh();
      } catch (ProblemException ex) {
        toast(ex.getMessage(), true);
      }
    });
    create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    FormLayout userForm = new FormLayout(username, password, roles, pools, create);
    userForm.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("600px", 2));

    users.addColumn(UserSummary::username).setHeader("User").setSortable(true);
    users.addColumn(u -> String.join(", ", u.roles())).setHeader("Roles");
    users.addColumn(u -> u.active() ? "active" : "deactivated").setHeader("Status").setAutoWidth(true);
    users.addComponentColumn(u -> new Button("Edit roles", e -> editRoles(u))).setAutoWidth(true);
    users.setAllRowsVisible(true);

    ComboBox<String> owner = new ComboBox<>("Owner");
    Select<String> keyRole = new Select<>();
    keyRole.setLabel("Role");
    keyRole.setItems(Roles.ALL);
    keyRole.setValue(Roles.SERVICE);
    TextField label = StorableInput.guard(new TextField("Label"));
    Button createKey = new Button("Create key", e -> {
      try {
        if (!StorableInput.check(label, label.getValue())) {
          return;
        }
        IdentityService.IssuedKey issued = identities.createKey(owner.getValue(), keyRole.getValue(), label.getValue());
        showOnce(issued.plaintext());
        label.clear();
        refresh();
      } catch (ProblemException ex) {
        toast(ex.getMessage(), true);
      }
    });
    createKey.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    FormLayout keyForm = new FormLayout(owner, keyRole, label, createKey);
    keyForm.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("600px", 2));

    keys.addColumn(k -> "assay_" + k.prefix() + "_…").setHeader("Key").setAutoWidth(true);
    keys.addColumn(KeySummary::owner).setHeader("Owner");
    keys.addColumn(KeySummary::role).setHeader("Role");
    keys.addColumn(KeySummary::label).setHeader("Label");
    keys.addColumn(k -> k.createdAt() == null ? "" : WHEN.format(k.createdAt())).setHeader("Created");
    keys.addComponentColumn(k -> {
      if (k.revokedAt() != null) {
        return new com.vaadin.flow.component.html.Span("revoked " + WHEN.format(k.revokedAt()));
      }
      Button revoke = new Button("Revoke", e -> {
        identities.revokeKey(k.id());
        toast("Revoked; it stops working at once", false);
        refresh();
      });
      revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
      return revoke;
    }).setAutoWidth(true);
    keys.setAllRowsVisible(true);

    Div userCard = new Div(new H3("Users"), userForm, users);
    userCard.addClassName("card");
    Div keyCard = new Div(new H3("API keys"), keyForm, keys);
    keyCard.addClassName("card");
    Div columns = new Div(userCard, keyCard);
    columns.addClassName("two-columns");
    add(new H2("Users & API keys"), columns);
    refresh();
    owner.setItems(identities.users().stream().map(UserSummary::username).toList());
  }

  private void refresh() {
    users.setItems(identities.users());
    keys.setItems(identities.keys());
  }

  private void addToPool(long campaignId, String rater) {
    List<String> pool = new ArrayList<>(campaigns.pool(campaignId));
    if (!pool.contains(rater)) {
      pool.add(rater);
      campaigns.replacePool(campaignId, pool);
    }
  }

  private void editRoles(UserSummary user) {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Roles of " + user.username());
    CheckboxGroup<String> roles = new CheckboxGroup<>("Roles", Roles.ALL);
    roles.setValue(new LinkedHashSet<>(user.roles()));
    Button save = new Button("Save", e -> {
      try {
        identities.setRoles(user.username(), List.copyOf(roles.getValue()));
        dialog.close();
        refresh();
      } catch (ProblemException ex) {
        toast(ex.getMessage(), true);
      }
    });
    save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    dialog.add(roles, new Paragraph("A user who is logged in gets the new roles at their next login."));
    dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
    dialog.open();
  }

  private void showOnce(String plaintext) {
    Dialog dialog = new Dialog();
    dialog.setHeaderTitle("Your new API key");
    Div key = new Div(plaintext);
    key.addClassName("key-once");
    key.setId("new-api-key");
    dialog.add(new Paragraph("Copy it now: it is shown only this once and stored only as a hash."), key);
    dialog.getFooter().add(new Button("I have copied it", e -> dialog.close()));
    dialog.setCloseOnOutsideClick(false);
    dialog.open();
  }

  private static void toast(String text, boolean error) {
    Notification n = Notification.show(text, error ? 8000 : 3000, Notification.Position.BOTTOM_START);
    n.addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
  }
}
