package dev.hark.core.services;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The plugins installed from Hark's plugin folders (the product's {@code plugins-dropins} and the user's
 * {@code ~/.hark/plugins}): what each is, its version and state, and why it does not work when it does not.
 * Snapshots are cheap and never block; {@link #awaitSettled(Duration)} may block and is for command lines only.
 */
public interface PluginService {

    /** The folders watched for plugin jars, in the order they are read. */
    List<Path> folders();

    /** Every jar of the plugin folders: installed bundles and jars that could not be installed. Never blocks. */
    List<InstalledPlugin> plugins();

    /**
     * Waits (at most {@code timeout}) until the plugins found at start-up were installed and started or failed.
     * Blocks: never call it on the UI thread.
     *
     * @return true if settled within the time
     */
    boolean awaitSettled(Duration timeout) throws InterruptedException;
}
