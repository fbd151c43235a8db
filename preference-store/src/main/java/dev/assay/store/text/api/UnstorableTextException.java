package dev.assay.store.text.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.stream.Collectors;

/**
 * A request body text that {@link dev.assay.store.text.StorableText} refuses. A mapping exception, so
 * Jackson adds the path of the field as it unwinds and the 422 can name it; a mismatched input, as the
 * REST layer passes those on to the exception mappers (other mapping failures become a bare 400).
 */
public class UnstorableTextException extends MismatchedInputException {
  UnstorableTextException(JsonParser parser, String problem) {
    super(parser, problem, String.class);
  }

  /** The JSON path of the text: {@code label}, {@code criteria[1]}, {@code prompt[0].content}. */
  String field() {
    return getPath().stream()
        .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining())
        .replaceFirst("^\\.", "");
  }
}
