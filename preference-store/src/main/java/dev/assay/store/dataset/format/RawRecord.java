package dev.assay.store.dataset.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One record's JSON object as read from the file, before format-specific conversion. */
record RawRecord(ObjectNode json, long line) {}
