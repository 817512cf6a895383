package dev.hark.training.run;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.FileLocator;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The class path of a plain-Java worker process made from OSGi bundles: a bundle, every bundle it is wired to
 * (transitively, the framework excluded), and bundles named explicitly (resources only, such as native
 * libraries, which nothing imports). Bundle jars are used as they are; a bundle that is a folder (in a
 * development runtime) contributes its output folder.
 */
public final class WorkerClasspath {

    private WorkerClasspath() {
    }

    public static List<Path> of(Bundle root, List<String> extraSymbolicNames) {
        Set<Bundle> seen = new LinkedHashSet<>();
        Deque<Bundle> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            Bundle b = todo.poll();
            if (b.getBundleId() == 0 || !seen.add(b)) {
                continue;
            }
            BundleWiring wiring = b.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleWire wire : wiring.getRequiredWires(null)) {
                todo.add(wire.getProviderWiring().getBundle());
            }
            // fragments attached to this bundle (e.g. test fragments) are not needed by a worker
        }
        for (String name : extraSymbolicNames) {
            for (Bundle b : root.getBundleContext().getBundles()) {
                if (name.equals(b.getSymbolicName())) {
                    seen.add(b);
                }
            }
        }
        List<Path> out = new ArrayList<>();
        for (Bundle b : seen) {
            location(b).ifPresent(p -> {
                if (!out.contains(p)) {
                    out.add(p);
                }
            });
        }
        return out;
    }

    static Optional<Path> location(Bundle b) {
        Optional<File> file = FileLocator.getBundleFileLocation(b);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path p = file.get().toPath().toAbsolutePath();
        if (Files.isDirectory(p)) {
            for (String output : new String[] { "bin", "target/classes" }) {
                if (Files.isDirectory(p.resolve(output))) {
                    return Optional.of(p.resolve(output));
                }
            }
        }
        return Optional.of(p);
    }
}
