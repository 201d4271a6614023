package io.sluice.connector.flink.e2e;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Failure bookkeeping shared by every subtask and every attempt of a job and by the test, kept as
 * marker files in a directory the test owns (its {@code @TempDir}) instead of static state: the
 * MiniCluster runs in the test JVM, but files also survive task restarts, class-loader changes and
 * need no cleanup between tests. A point fires at most once because {@link Files#createFile} is
 * atomic. Serializable (it travels with the job as a path); thread-safe.
 */
final class FailureLog implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String FIRED = "fired-";
    private static final String ARMED = "armed-";

    private final String dir;

    FailureLog(Path dir) {
        this.dir = dir.toString();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records that {@code point} fires now; false if it already fired (in any subtask or attempt). */
    boolean fire(String point) {
        return create(FIRED + point, "");
    }

    /** Remembers that {@code point} is due once checkpoint {@code checkpointId} (or a later one) completes. */
    void arm(String point, long checkpointId) {
        create(ARMED + point, Long.toString(checkpointId));
    }

    /** The checkpoint {@code point} was armed at, if it was. */
    Optional<Long> armedAt(String point) {
        Path file = Path.of(dir, ARMED + point);
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The points that fired so far, sorted. */
    List<String> fired() {
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.startsWith(FIRED))
                    .map(name -> name.substring(FIRED.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean create(String name, String content) {
        Path file = Path.of(dir, name);
        Path temp = Path.of(dir, "." + name + "-" + Thread.currentThread().getId());
        try {
            // Content first, then an atomic create-by-link, so a reader never sees an empty file.
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            Files.createLink(file, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
