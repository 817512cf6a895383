package dev.hark.cli.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import dev.hark.core.services.PluginService;
import dev.hark.core.transcript.TranscriptExporter;
import dev.hark.core.transcript.TranscriptExporters;

/**
 * The {@link TranscriptExporter} services of this framework (Hark's four and the plugins'), looked up once the plugin
 * folders settled; Hark's own four when no service registry answers (a runtime without DS).
 */
final class ExporterLookup {

    private ExporterLookup() {
    }

    static Map<String, TranscriptExporter> current() {
        List<TranscriptExporter> found = new ArrayList<>();
        Bundle bundle = FrameworkUtil.getBundle(ExporterLookup.class);
        BundleContext bc = bundle == null ? null : bundle.getBundleContext();
        if (bc != null) {
            awaitPlugins(bc);
            try {
                for (ServiceReference<TranscriptExporter> r : bc.getServiceReferences(TranscriptExporter.class, null)) {
                    TranscriptExporter e = bc.getService(r);
                    if (e != null) {
                        found.add(e);
                    }
                }
            } catch (InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        found.addAll(TranscriptExporters.builtIns()); // after the services: a registered built-in wins, absent ones are there
        return TranscriptExporters.byFormat(found);
    }

    private static void awaitPlugins(BundleContext bc) {
        ServiceReference<PluginService> ref = bc.getServiceReference(PluginService.class);
        PluginService plugins = ref == null ? null : bc.getService(ref);
        if (plugins != null) {
            try {
                plugins.awaitSettled(Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
