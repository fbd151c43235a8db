package dev.assay.platform.cli;

/**
 * A command whose needs depend on its arguments (e.g. {@code train --data} naming a file or a
 * snapshot): asked after its arguments are parsed, before anything starts.
 */
public interface NeedsFromArguments {
  Need needs();
}
