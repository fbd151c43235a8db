package dev.assay.store.dataset.api;

import dev.assay.store.dataset.DatasetRecords;
import dev.assay.store.record.Message;
import java.util.List;

/** A page of a dataset's records; {@code total} counts every record that matches the filter. */
public record RecordPageView(int page, int size, long total, List<RecordView> items) {

  /**
   * One record as imported: a judged pair (choice A/B/TIE/BOTH_BAD, responses A and B) or one
   * candidate response (choice null), with where it came from.
   */
  public record RecordView(
      long id, List<MessageView> prompt, List<ResponseView> responses, String choice, Double strength,
      String sourceFile, Long line, String originalId) {
    static RecordView of(DatasetRecords.RecordView record) {
      return new RecordView(record.id(), record.prompt().stream().map(MessageView::of).toList(),
          record.responses().stream().map(ResponseView::of).toList(), record.choice(), record.strength(),
          record.sourceFile(), record.line(), record.originalId());
    }
  }

  /** One turn of the prompt. */
  public record MessageView(String role, String content) {
    static MessageView of(Message message) {
      return new MessageView(message.role(), message.content());
    }
  }

  /** One response of a record, with the model that generated it. */
  public record ResponseView(String text, String generator) {
    static ResponseView of(DatasetRecords.ResponseView response) {
      return new ResponseView(response.text(), response.generator());
    }
  }

  public static RecordPageView of(DatasetRecords.RecordPage page) {
    return new RecordPageView(
        page.page(), page.size(), page.total(), page.items().stream().map(RecordView::of).toList());
  }
}
