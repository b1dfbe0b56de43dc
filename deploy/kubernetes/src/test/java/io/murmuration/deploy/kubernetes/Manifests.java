package io.murmuration.deploy.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes objects of a folder of manifests, each read as the typed fabric8 model class of its apiVersion and
 * kind, with the file it came from. The kustomization file is read as plain YAML: it is not a Kubernetes object.
 */
final class Manifests {

    static final String KUSTOMIZATION = "kustomization.yaml";

    /** One object and the file it was written in. */
    record Manifest(Path file, HasMetadata object) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final List<Manifest> manifests;

    private Manifests(Path folder, List<Manifest> manifests) {
        this.folder = folder;
        this.manifests = manifests;
    }

    /** Every document of every {@code *.yaml} file in {@code folder} (not below it), as typed objects. */
    static Manifests read(Path folder) throws IOException {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : yamlFiles(folder)) {
            if (file.getFileName().toString().equals(KUSTOMIZATION)) continue;
            for (Object document : readYaml(file)) {
                if (document == null) continue;
                // The model's own deserializer picks the class from apiVersion and kind; an unknown pair stays generic.
                KubernetesResource resource = JSON.convertValue(document, KubernetesResource.class);
                if (!(resource instanceof HasMetadata object) || resource instanceof GenericKubernetesResource) {
                    throw new IllegalArgumentException(file + ": not a known Kubernetes kind: " + document);
                }
                manifests.add(new Manifest(file, object));
            }
        }
        return new Manifests(folder, manifests);
    }

    static List<Path> yamlFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static List<Object> readYaml(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader).forEach(documents::add);
        }
        return documents;
    }

    Path folder() {
        return folder;
    }

    List<Manifest> all() {
        return manifests;
    }

    /** The objects of one class, in file order. */
    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return manifests.stream().map(Manifest::object).filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The one object of a class; fails when there are none or several. */
    <T extends HasMetadata> T only(Class<T> kind) {
        List<T> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind.getSimpleName() + " in " + folder + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The object of a class with a name; fails when there is none. */
    <T extends HasMetadata> T named(Class<T> kind, String name) {
        return all(kind).stream()
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " named '" + name + "' in " + folder));
    }

    /**
     * Fields the model class does not know, as "path: names". The model keeps such fields aside instead of failing,
     * so a misspelt key (maxUnavaliable) would otherwise pass unnoticed and be ignored by Kubernetes as well.
     */
    static List<String> unknownFields(Object object) {
        List<String> found = new ArrayList<>();
        collectUnknownFields(object, object.getClass().getSimpleName(), found);
        return found;
    }

    private static void collectUnknownFields(Object value, String path, List<String> found) {
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) collectUnknownFields(list.get(i), path + "[" + i + "]", found);
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknownFields(v, path + "." + k, found));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) return;
        for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) continue;
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) found.add(path + ": " + extra.keySet());
                } else {
                    collectUnknownFields(fieldValue, path + "." + field.getName(), found);
                }
            }
        }
    }
}
