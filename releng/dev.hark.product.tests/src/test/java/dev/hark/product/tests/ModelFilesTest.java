package dev.hark.product.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;

/**
 * Every plugin.xml, application model, fragment and product file of the tree is well-formed XML. The extension
 * registry drops a plugin.xml it cannot parse with one log line and nothing else: a "--" inside a comment once
 * removed every `hark` command from the product while the unit tests, which do not read plugin.xml, stayed green.
 */
class ModelFilesTest {

    @Test
    void everyPluginXmlAndModelFileParses() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
        List<Path> files = new ArrayList<>();
        for (String dir : new String[] { "bundles", "releng", "features", "examples" }) {
            if (!Files.isDirectory(root.resolve(dir))) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root.resolve(dir), 4)) {
                walk.filter(p -> !p.toString().contains("/target/") && Files.isRegularFile(p)).filter(p -> {
                    String n = p.getFileName().toString();
                    return n.equals("plugin.xml") || n.equals("fragment.xml") || n.endsWith(".e4xmi") || n.endsWith(".product")
                            || n.equals("feature.xml");
                }).forEach(files::add);
            }
        }
        assertTrue(files.size() >= 8, "found only " + files);
        List<String> broken = new ArrayList<>();
        var factory = DocumentBuilderFactory.newInstance();
        for (Path f : files) {
            try {
                var builder = factory.newDocumentBuilder();
                builder.setErrorHandler(null);
                builder.parse(f.toFile());
            } catch (Exception e) {
                broken.add(root.relativize(f) + ": " + e.getMessage());
            }
        }
        assertTrue(broken.isEmpty(), "not well-formed XML: " + broken);
    }
}
