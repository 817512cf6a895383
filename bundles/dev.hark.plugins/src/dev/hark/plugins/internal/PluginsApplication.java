package dev.hark.plugins.internal;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import dev.hark.core.cli.CommandLines;
import dev.hark.core.cli.UsageException;
import dev.hark.core.services.InstalledPlugin;
import dev.hark.core.services.PluginService;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hark plugins} (and {@code hark-server plugins}): the plugin folders, then one line per plugin jar with its
 * name, version and state, and an indented line saying why when it does not work. Exit code 0 when every plugin
 * works, 1 when one does not, 2 for bad arguments.
 */
public final class PluginsApplication implements IApplication {

    @Command(name = "hark plugins", mixinStandardHelpOptions = true, versionProvider = CommandLines.Version.class,
            description = "Lists the plugins installed from the plugin folders (the product's plugins-dropins and ~/.hark/plugins), "
                    + "with their versions and states.",
            footer = { "", "Install a plugin by copying its jar into a plugin folder (see docs/plugins.md).",
                    "Exit codes: 0 every plugin works, 1 a plugin does not work (the reason is shown), 2 bad arguments." })
    static final class Options {
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        context.applicationRunning();
        try {
            CommandLines.parse(new CommandLine(new Options()), args, "plugins");
        } catch (UsageException e) {
            if (e.help()) {
                System.out.print(e.getMessage());
                return EXIT_OK;
            }
            System.err.println("hark plugins: " + e.getMessage());
            return 2;
        }
        BundleContext bc = FrameworkUtil.getBundle(PluginsApplication.class).getBundleContext();
        ServiceReference<PluginService> ref = bc.getServiceReference(PluginService.class);
        PluginService plugins = ref == null ? null : bc.getService(ref);
        if (plugins == null) {
            System.err.println("hark plugins: the plugin registry is not running (broken installation?)");
            return 1;
        }
        if (!plugins.awaitSettled(Duration.ofSeconds(30))) {
            System.err.println("hark plugins: plugins are still starting after 30 s; listing them as they are");
        }
        List<InstalledPlugin> list = plugins.plugins();
        print(plugins, list, System.out);
        return list.stream().allMatch(InstalledPlugin::works) ? EXIT_OK : Integer.valueOf(1);
    }

    static void print(PluginService service, List<InstalledPlugin> list, PrintStream out) {
        for (var f : service.folders()) {
            out.println("folder  " + f);
        }
        if (list.isEmpty()) {
            out.println("no plugins installed");
        }
        int w = list.stream().mapToInt(p -> p.symbolicName().isEmpty() ? p.file().getFileName().toString().length()
                : p.symbolicName().length()).max().orElse(10);
        int v = list.stream().mapToInt(p -> p.version().length()).max().orElse(7);
        for (InstalledPlugin p : list) {
            String id = p.symbolicName().isEmpty() ? p.file().getFileName().toString() : p.symbolicName();
            out.println(String.format("%-" + w + "s  %-" + Math.max(1, v) + "s  %-13s  %s", id, p.version().isEmpty() ? "-" : p.version(),
                    p.state().label(), p.file()));
            if (!p.works()) {
                out.println("    " + p.problem());
            }
        }
        out.flush();
    }

    @Override
    public void stop() {
        // lists and returns
    }
}
