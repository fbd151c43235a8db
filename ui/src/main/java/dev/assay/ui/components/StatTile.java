package dev.assay.ui.components;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** A figure in large type over its label, as the dashboards' stat rows show them. */
public final class StatTile {
  private StatTile() {}

  /** A tile with the element id {@code stat-<id>}. */
  public static Div of(String value, String label, String id) {
    Div stat = of(value, label);
    stat.setId("stat-" + id);
    return stat;
  }

  public static Div of(String value, String label) {
    Span v = new Span(value);
    v.addClassName("stat-value");
    Span l = new Span(label);
    l.addClassName("stat-label");
    Div stat = new Div(v, l);
    stat.addClassName("stat");
    return stat;
  }
}
