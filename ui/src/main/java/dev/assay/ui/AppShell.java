package dev.assay.ui;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.component.page.Meta;
import com.vaadin.flow.component.page.Push;
import com.vaadin.flow.server.AppShellSettings;
import com.vaadin.flow.theme.lumo.Lumo;

/**
 * The page shell: Lumo, Assay's own stylesheet, a viewport that phones render at their width, and server push
 * (a WebSocket), so live views (a training run, the safety dashboard) update as the server learns something
 * new instead of polling.
 */
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet(Lumo.UTILITY_STYLESHEET)
@StyleSheet("styles/assay.css")
@Meta(name = "referrer", content = "no-referrer")
@Push
public class AppShell implements AppShellConfigurator {
  @Override
  public void configurePage(AppShellSettings settings) {
    settings.setViewport("width=device-width, initial-scale=1");
    settings.setPageTitle("Assay");
  }
}
