package dev.assay.platform.cli;

/** What a command needs started: see {@link Needs}. */
public enum Need {
  /**
   * Only the files it is given: the command runs as plain Java, without the application (no database,
   * broker, CDI or HTTP). It is built with its no-argument constructor; its {@code @Inject} fields whose
   * type is a {@code @ConfigMapping} are filled from the configuration, any other {@code @Inject} field
   * stays null.
   */
  FILES,
  /**
   * The application's services and the database: the application starts without its HTTP server,
   * message consumers, scheduler or background duties; pending migrations are applied, none otherwise.
   */
  DATABASE
}
