package io.sluice.serde.avro.registry;

import io.sluice.serde.avro.format.SchemaRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A {@link SchemaRegistry} kept as a directory of {@code .avsc} files, one per subject version:
 *
 * <pre>
 * root/
 *   orders/                 one directory per subject
 *     v1-id1.avsc           version 1 of "orders", registry id 1: the schema's JSON
 *     v2-id3.avsc
 *   payments/
 *     v1-id2.avsc
 * </pre>
 *
 * <p>The id is part of the file name so a directory can mirror another registry (for example
 * Confluent ids) and so every process that reads the directory agrees on ids. Operators may add
 * files by hand following the naming rule; names starting with a dot are ignored (in-flight
 * temporary files), any other file name is an error that names the file.
 *
 * <p>Files are written as a temporary file of the writer's own, fsync, hard link to the final name,
 * directory fsync, so a crash leaves either the whole file or none, and a link never replaces a
 * file. Several registries (processes, or the subtasks of one job) may therefore register into
 * one directory at once when they plan the same file name: the one that links it first wins, the
 * others rescan and take it (the same schema) or the next version. Names differ, and a race is
 * not detected, when the schemas already have different ids (registered under other subjects) or
 * go to different subjects (ids are global): two writers can then take one version or one id,
 * which a later scan rejects naming the files. Register those from one place. Any number of
 * registries may read it. A lookup that misses rescans the directory, so schemas registered by
 * another process are found; files already read are not parsed again.
 *
 * <p>Thread-safe: lookups read an immutable snapshot; scans and registrations hold a private lock.
 */
public final class DirectorySchemaRegistry implements SchemaRegistry {

    private static final Pattern FILE_NAME = Pattern.compile("v([1-9][0-9]{0,8})-id([1-9][0-9]{0,9})\\.avsc");
    /** Versions a registration tries before giving up when other writers keep taking them. */
    private static final int MAX_PUBLISH_ATTEMPTS = 16;

    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9_%|-][A-Za-z0-9._%|-]*");

    private final Path root;
    private final CompatibilityPolicy policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Path, RegisteredSchema> loaded = new HashMap<>(); // guarded by lock
    private volatile SchemaIndex index = SchemaIndex.empty();

    private DirectorySchemaRegistry(Path root, CompatibilityPolicy policy) {
        this.root = root;
        this.policy = policy;
    }

    /**
     * Opens the registry in {@code root}, creating the directory if missing, and reads every
     * schema file in it.
     *
     * @throws SchemaRegistryException if the directory cannot be read or a file is misnamed,
     *     unparsable or contradicts another
     */
    public static DirectorySchemaRegistry open(Path root, CompatibilityPolicy policy) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new SchemaRegistryException("cannot create schema directory " + root, e);
        }
        DirectorySchemaRegistry registry = new DirectorySchemaRegistry(root, policy);
        registry.rescan();
        return registry;
    }

    @Override
    public RegisteredSchema register(String subject, Schema schema) {
        checkSubject(subject);
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                scanLocked();
                SchemaIndex.Registration r = index.register(subject, schema, policy.modeFor(subject));
                if (!r.isNew()) {
                    return r.registered();
                }
                Optional<Path> file = publish(r.registered());
                if (file.isPresent()) {
                    loaded.put(file.get(), r.registered());
                    index = r.index();
                    return r.registered();
                }
                // Another registry on this directory took that version first: rescan (it may be
                // this very schema) and try the next version.
                if (attempt == MAX_PUBLISH_ATTEMPTS) {
                    throw new SchemaRegistryException("cannot register " + r.registered() + ": " + MAX_PUBLISH_ATTEMPTS
                            + " versions of subject '" + subject + "' were taken by other writers of " + root);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        long fingerprint = SchemaRef.fingerprintOf(schema);
        Optional<RegisteredSchema> found = index.find(subject, fingerprint);
        return found.isPresent() ? found : rescan().find(subject, fingerprint);
    }

    @Override
    public Optional<Schema> schemaById(int id) {
        Optional<Schema> found = index.byId(id);
        return found.isPresent() ? found : rescan().byId(id);
    }

    @Override
    public Optional<Schema> schemaByFingerprint(long fingerprint) {
        Optional<Schema> found = index.byFingerprint(fingerprint);
        return found.isPresent() ? found : rescan().byFingerprint(fingerprint);
    }

    @Override
    public List<RegisteredSchema> history(String subject) {
        return rescan().history(subject);
    }

    @Override
    public CompatibilityMode compatibility(String subject) {
        return policy.modeFor(subject);
    }

    /** The directory this registry reads and writes. */
    public Path root() {
        return root;
    }

    private SchemaIndex rescan() {
        lock.lock();
        try {
            scanLocked();
            return index;
        } finally {
            lock.unlock();
        }
    }

    private void scanLocked() {
        boolean changed = false;
        for (Path file : listSchemaFiles()) {
            if (!loaded.containsKey(file)) {
                loaded.put(file, read(file));
                changed = true;
            }
        }
        if (changed) {
            List<RegisteredSchema> all = new ArrayList<>(loaded.values());
            all.sort(Comparator.comparing(RegisteredSchema::subject).thenComparingInt(RegisteredSchema::version));
            SchemaIndex rebuilt = SchemaIndex.empty();
            for (RegisteredSchema rs : all) {
                rebuilt = rebuilt.plus(rs);
            }
            index = rebuilt;
        }
    }

    private List<Path> listSchemaFiles() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> subjects = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path subjectDir : subjects) {
                if (subjectDir.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try (DirectoryStream<Path> versions = Files.newDirectoryStream(subjectDir)) {
                    for (Path file : versions) {
                        if (!file.getFileName().toString().startsWith(".")) {
                            files.add(file);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new SchemaRegistryException("cannot list schema directory " + root, e);
        }
        return files;
    }

    private RegisteredSchema read(Path file) {
        Matcher m = FILE_NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new SchemaRegistryException("unexpected file " + file
                    + " in schema directory: names must be v<version>-id<id>.avsc, e.g. v1-id1.avsc");
        }
        String subject = file.getParent().getFileName().toString();
        try {
            Schema schema = new Schema.Parser().parse(Files.readString(file, StandardCharsets.UTF_8));
            return new RegisteredSchema(
                    subject,
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    SchemaRef.fingerprintOf(schema),
                    schema);
        } catch (IOException e) {
            throw new SchemaRegistryException("cannot read schema file " + file, e);
        } catch (SchemaParseException | NumberFormatException e) {
            throw new SchemaRegistryException("invalid schema file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code rs} to a temporary file of its own, then links it to its final name, which
     * fails if the name exists: unlike a rename, a link never replaces another writer's file.
     * Empty if the name was taken.
     */
    private Optional<Path> publish(RegisteredSchema rs) {
        Path dir = root.resolve(rs.subject());
        String name = "v" + rs.version() + "-id" + rs.id() + ".avsc";
        Path target = dir.resolve(name);
        Path tmp = null;
        try {
            boolean newDir = !Files.isDirectory(dir);
            Files.createDirectories(dir);
            // Unique per writer (several registries may register into one directory at once);
            // the leading dot keeps scans from reading it half-written.
            tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(rs.schema().toString(true).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            if (!link(target, tmp)) {
                return Optional.empty();
            }
            fsyncDirectory(dir);
            if (newDir) {
                fsyncDirectory(root);
            }
            return Optional.of(target);
        } catch (IOException e) {
            throw new SchemaRegistryException("cannot write schema file " + target + " for " + rs, e);
        } finally {
            deleteTemporary(tmp);
        }
    }

    /** Links {@code target} to {@code tmp}; false if {@code target} exists. */
    private static boolean link(Path target, Path tmp) throws IOException {
        try {
            Files.createLink(target, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            // No hard links on this file system: a move that refuses an existing target (its
            // existence check and rename are two steps, so two writers could still race here).
            try {
                Files.move(tmp, target);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
        }
    }

    private static void deleteTemporary(Path tmp) {
        if (tmp == null) {
            return;
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new SchemaRegistryException("cannot delete temporary schema file " + tmp, e);
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void checkSubject(String subject) {
        if (!SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException("subject '" + subject
                    + "' cannot name a directory: use letters, digits and . _ - % | (not starting with a dot)");
        }
    }
}
