package dev.assay.ui.components;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import dev.assay.store.record.Message;
import java.util.List;
import java.util.Locale;

/** A prompt as a conversation: one bubble per turn, its role named, its text rendered safely. */
public class ConversationView extends Div {

  public ConversationView() {
    addClassName("conversation");
    getElement().setAttribute("role", "list");
    getElement().setAttribute("aria-label", "Prompt conversation");
  }

  public void setMessages(List<Message> messages) {
    removeAll();
    for (Message message : messages) {
      Div turn = new Div();
      turn.addClassNames("turn", "turn-" + cssRole(message.role()));
      turn.getElement().setAttribute("role", "listitem");
      Span role = new Span(label(message.role()));
      role.addClassName("turn-role");
      MarkdownView body = new MarkdownView(message.content());
      turn.getElement().setAttribute("aria-label", label(message.role()) + " says");
      turn.add(role, body);
      add(turn);
    }
  }

  private static String cssRole(String role) {
    return switch (role == null ? "" : role.toLowerCase(Locale.ROOT)) {
      case Message.SYSTEM -> "system";
      case Message.ASSISTANT -> "assistant";
      case Message.USER -> "user";
      default -> "other";
    };
  }

  private static String label(String role) {
    if (role == null || role.isBlank()) {
      return "Unknown";
    }
    return Character.toUpperCase(role.charAt(0)) + role.substring(1);
  }
}
