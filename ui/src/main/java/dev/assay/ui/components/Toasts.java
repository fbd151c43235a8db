package dev.assay.ui.components;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Short notifications at the bottom of the page: successes fade quickly, errors stay longer. */
public final class Toasts {
  private Toasts() {}

  public static void show(String text, boolean error) {
    Notification notification = Notification.show(text, error ? 8000 : 4000, Notification.Position.BOTTOM_START);
    notification.addThemeVariants(error ? NotificationVariant.LUMO_ERROR : NotificationVariant.LUMO_SUCCESS);
  }
}
