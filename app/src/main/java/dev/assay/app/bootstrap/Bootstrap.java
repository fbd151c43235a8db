package dev.assay.app.bootstrap;

import dev.assay.guardrail.defaults.DefaultPolicyInstaller;
import dev.assay.platform.identity.AppUser;
import dev.assay.platform.identity.IdentityService;
import dev.assay.platform.identity.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * First start on an empty database: creates the first admin with a generated password (stored only as
 * a bcrypt hash; the plaintext goes to a local file readable by its owner alone) and loads the demo.
 * Every start installs the shipped guardrail policy {@code default} and its classifiers when the
 * database has no policy of that name; otherwise later starts change nothing.
 */
@ApplicationScoped
public class Bootstrap {
  private static final Logger LOG = Logger.getLogger(Bootstrap.class);
  static final String FIRST_ADMIN = "admin";
  static final String DEFAULT_CREDENTIALS_FILE = ".assay/admin-credentials";

  private final IdentityService identities;
  private final DemoData demo;
  private final DefaultPolicyInstaller defaultPolicy;
  private final Path credentialsFile;

  public Bootstrap(
      IdentityService identities,
      DemoData demo,
      DefaultPolicyInstaller defaultPolicy,
      @ConfigProperty(name = "assay.bootstrap.credentials-file", defaultValue = DEFAULT_CREDENTIALS_FILE)
          Path credentialsFile) {
    this.identities = identities;
    this.demo = demo;
    this.defaultPolicy = defaultPolicy;
    this.credentialsFile = credentialsFile;
  }

  public void run(Path extraDemoData) {
    boolean empty = QuarkusTransaction.requiringNew().call(() -> AppUser.count() == 0);
    if (empty) {
      createFirstAdmin(FIRST_ADMIN);
      demo.loadBuiltIn();
    }
    if (extraDemoData != null) {
      demo.loadDirectory(extraDemoData);
    }
    installDefaultPolicy();
  }

  private void installDefaultPolicy() {
    try {
      defaultPolicy.installIfAbsent();
    } catch (RuntimeException e) {
      // The rest of the application works without it; the next start tries again.
      LOG.errorf(e, "The default guardrail policy could not be installed");
    }
  }

  void createFirstAdmin(String username) {
    String password = IdentityService.randomToken(15);
    // The first account can do everything, so one login tries the whole demo, labeling included.
    identities.createUser(username, password, List.of(Roles.ADMIN, Roles.RESEARCHER, Roles.RATER));
    String text = "username: " + username + "\npassword: " + password + "\n";
    // Never the log: logs are shipped, kept and read by people who must not become admin.
    writeOwnerOnly(credentialsFile, text);
    LOG.infof("First admin %s created; credentials written to %s (readable by its owner only)",
        username, credentialsFile.toAbsolutePath());
  }

  private static void writeOwnerOnly(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the admin credentials to " + file, e);
    }
  }
}
