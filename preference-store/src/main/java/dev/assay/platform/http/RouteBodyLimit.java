package dev.assay.platform.http;

import io.vertx.core.http.HttpMethod;

/**
 * A body limit of a module's own for some of its routes, applied by the {@link RequestGate} in place of
 * {@code assay.http.max-body-size}: from Content-Length before a byte is read, or byte by byte as a body
 * of unknown length arrives. Such a body is read into memory, so the limit must be small.
 */
public interface RouteBodyLimit {
  /** Whether requests with this method and (normalized) path are held to this limit. */
  boolean applies(HttpMethod method, String path);

  /** The most bytes a body may have. */
  long maxBytes();

  /** The setting an operator changes it with, named in the refusal. */
  String setting();
}
