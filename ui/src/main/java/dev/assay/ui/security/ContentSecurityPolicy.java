package dev.assay.ui.security;

import com.vaadin.flow.server.ServiceInitEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * A Content-Security-Policy on the application page, as a second line behind the markdown sanitiser.
 *
 * <p>Vaadin's client needs inline bootstrap scripts and {@code new Function} for server-sent JavaScript,
 * so scripts stay {@code 'self' 'unsafe-inline' 'unsafe-eval'}; what the policy does enforce is that
 * nothing on the page loads from or talks to another origin (images, fonts, frames, fetch/XHR, form
 * posts), and that no plugin or foreign base URL can be used. A response that somehow slipped past the
 * sanitiser could therefore not beacon out, not even through an image.
 */
@ApplicationScoped
public class ContentSecurityPolicy {
  static final String POLICY = String.join("; ",
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "media-src 'none'",
      "object-src 'none'",
      "frame-src 'none'",
      "worker-src 'self' blob:",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'self'");

  void onServiceInit(@Observes ServiceInitEvent event) {
    event.addIndexHtmlRequestListener(response -> {
      var http = response.getVaadinResponse();
      http.setHeader("Content-Security-Policy", POLICY);
      http.setHeader("X-Content-Type-Options", "nosniff");
      http.setHeader("Referrer-Policy", "no-referrer");
    });
  }
}
