package dev.assay.platform.cli;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a command needs started before it runs, read from the parsed command line before anything
 * starts. The command's own annotation counts, else its parent command's; a command without either
 * gets {@link Need#DATABASE}, so a new command works before it says anything. A command whose needs
 * depend on its arguments implements {@link NeedsFromArguments} instead (or as well: that wins).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Needs {
  Need value();
}
