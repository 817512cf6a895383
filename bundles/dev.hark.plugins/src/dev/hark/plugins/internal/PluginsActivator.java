package dev.hark.plugins.internal;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.log.LogReaderService;
import org.osgi.util.tracker.ServiceTracker;

import dev.hark.core.services.PluginService;

/**
 * Started at start level 2, before FileInstall (3): sets FileInstall's folders ({@link PluginFolders}) and registers
 * the {@link PluginRegistry} as the {@link PluginService} before any plugin is installed.
 */
public final class PluginsActivator implements BundleActivator {

    private PluginRegistry registry;
    private ServiceRegistration<PluginService> registration;
    private ServiceTracker<LogReaderService, LogReaderService> logs;

    @Override
    public void start(BundleContext context) {
        List<Path> folders = PluginFolders.of(context::getProperty, System.getenv());
        uninstallLeftBehind(context, folders);
        PluginFolders.configureFileInstall(folders);
        registry = new PluginRegistry(context, folders, System.err);
        logs = new ServiceTracker<>(context, LogReaderService.class, null) {
            @Override
            public LogReaderService addingService(org.osgi.framework.ServiceReference<LogReaderService> reference) {
                LogReaderService r = super.addingService(reference);
                r.addLogListener(registry);
                return r;
            }

            @Override
            public void removedService(org.osgi.framework.ServiceReference<LogReaderService> reference, LogReaderService service) {
                service.removeLogListener(registry);
                super.removedService(reference, service);
            }
        };
        logs.open();
        registry.open();
        registration = context.registerService(PluginService.class, registry, null);
    }

    /**
     * Plugins stay installed between launches (the products' simple configurator is not exclusive): those of a folder
     * the last launch watched and this one does not are uninstalled here, before the start level reaches them.
     */
    private static void uninstallLeftBehind(BundleContext context, List<Path> folders) {
        File record = context.getDataFile("folders.txt");
        if (record == null) {
            return;
        }
        List<Path> before = PluginFolders.swapRecorded(record.toPath(), folders);
        for (Bundle b : context.getBundles()) {
            if (PluginFolders.leftBehind(b.getLocation(), before, folders)) {
                try {
                    b.uninstall();
                } catch (BundleException | RuntimeException e) {
                    System.err.println("hark: plugin " + b.getLocation() + " of a folder no longer watched could not be uninstalled: "
                            + e.getMessage());
                }
            }
        }
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
        registry.close();
        logs.close();
    }
}
