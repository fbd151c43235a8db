package dev.assay.ui.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.platform.problem.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An {@code /api/...} request reaches the servlet container only when no REST resource took it; without
 * this filter the UI would answer it with its page (200, HTML). A client of the API gets a 404 problem.
 */
@WebFilter(urlPatterns = "/api/*")
public class UnknownApiPath extends HttpFilter {
  @Inject ObjectMapper json;

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setStatus(404);
    response.setContentType(Problem.MEDIA_TYPE);
    json.writeValue(response.getOutputStream(), Problem.of(404, "Not Found",
        "no API endpoint " + request.getMethod() + " " + request.getRequestURI()));
  }
}
