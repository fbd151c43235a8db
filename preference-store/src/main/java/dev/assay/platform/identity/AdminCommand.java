package dev.assay.platform.identity;

import dev.assay.platform.cli.Need;
import dev.assay.platform.cli.Needs;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./assay admin ...}: users and API keys from the shell. */
@Dependent
@Unremovable
@Needs(Need.DATABASE)
@Command(
    name = "admin",
    description = "Manage users and API keys",
    subcommands = {AdminCommand.CreateUser.class, AdminCommand.CreateKey.class, AdminCommand.ResetPassword.class})
public class AdminCommand {

  @Dependent
  @Unremovable
  @Command(name = "create-user", description = "Create a user; prints a generated password unless --password is given")
  public static class CreateUser implements Callable<Integer> {
    private final IdentityService identities;

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "username")
    String username;

    @Option(names = "--role", required = true, split = ",", description = "rater, researcher, admin or service (comma-separated)")
    List<String> roles;

    @Option(names = "--password", description = "password (at least 10 characters); generated when omitted")
    String password;

    public CreateUser(IdentityService identities) {
      this.identities = identities;
    }

    @Override
    public Integer call() {
      String secret = password != null ? password : IdentityService.randomToken(12);
      identities.createUser(username, secret, roles);
      spec.commandLine().getOut().println("created user " + username + " with roles " + roles);
      if (password == null) {
        spec.commandLine().getOut().println("password: " + secret);
      }
      return 0;
    }
  }

  @Dependent
  @Unremovable
  @Command(name = "create-key", description = "Create an API key for a user, scoped to one role; printed once")
  public static class CreateKey implements Callable<Integer> {
    private final IdentityService identities;

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "the user who owns the key")
    String owner;

    @Option(names = "--role", required = true, description = "rater, researcher, admin or service")
    String role;

    @Option(names = "--label", description = "what the key is for")
    String label;

    public CreateKey(IdentityService identities) {
      this.identities = identities;
    }

    @Override
    public Integer call() {
      IdentityService.IssuedKey issued = identities.createKey(owner, role, label);
      spec.commandLine().getOut().println(issued.plaintext());
      return 0;
    }
  }

  @Dependent
  @Unremovable
  @Command(name = "reset-password", description = "Set a new generated password for a user and print it")
  public static class ResetPassword implements Callable<Integer> {
    private final IdentityService identities;

    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "username")
    String username;

    public ResetPassword(IdentityService identities) {
      this.identities = identities;
    }

    @Override
    public Integer call() {
      String secret = IdentityService.randomToken(12);
      identities.resetPassword(username, secret);
      spec.commandLine().getOut().println("password: " + secret);
      return 0;
    }
  }
}
