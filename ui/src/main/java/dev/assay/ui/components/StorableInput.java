package dev.assay.ui.components;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.data.binder.Validator;
import dev.assay.store.text.StorableText;

/**
 * The store's {@link StorableText} rule on the UI's text inputs: a text PostgreSQL cannot store (U+0000,
 * an unpaired surrogate, which a paste or a crafted request can carry) marks the field invalid with the
 * reason, and the form does not send it, instead of failing on the server.
 */
public final class StorableInput {
  public static final String MESSAGE = "This text contains U+0000 or an unpaired surrogate, which cannot be stored";

  private StorableInput() {}

  /** Checks the field's text on every change, so the error shows as soon as it is typed or pasted. */
  public static <F extends AbstractField<?, String> & HasValidation> F guard(F field) {
    field.addValueChangeListener(e -> check(field, e.getValue()));
    return field;
  }

  /** True when {@code text} can be stored; otherwise marks {@code field} invalid with the reason. */
  public static boolean check(HasValidation field, String text) {
    String problem = StorableText.problem(text);
    field.setErrorMessage(problem == null ? null : "This text " + problem);
    field.setInvalid(problem != null);
    return problem == null;
  }

  /** The rule as a Binder validator. */
  public static Validator<String> validator() {
    return Validator.from(StorableText::isStorable, MESSAGE);
  }
}
