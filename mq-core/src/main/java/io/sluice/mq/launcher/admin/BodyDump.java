package io.sluice.mq.launcher.admin;

import io.sluice.mq.client.consumer.ReceivedMessage;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --bodyDir}: message bodies to files instead of inline text, as mqadmin dumps a queried
 * message's body to a file and prints its path ("Message Body Path"). Each body goes to {@code
 * <dir>/<msgId>} byte for byte (no charset applied), replacing a file of that name; the directory is
 * created if missing. A body that cannot be written is an {@link AdminFailure} naming the file and
 * the reason (one line, status 1). A picocli mixin; not thread-safe (one per command run).
 */
final class BodyDump {

    @Option(
            names = "--bodyDir",
            paramLabel = "<dir>",
            description =
                    "Write each body to <dir>/<msgId> (created if missing) and print its path instead of the body.")
    String dir;

    /** Whether bodies go to files. */
    boolean enabled() {
        return dir != null;
    }

    /** The body as printed: the file it was written to, or the text in {@code charset}. */
    String render(ReceivedMessage message, Charset charset) {
        return enabled() ? write(message).toString() : new String(message.body(), charset);
    }

    /** Writes the body of {@code message} to {@code <dir>/<msgId>}; the file written. */
    Path write(ReceivedMessage message) {
        Path file;
        try {
            file = Path.of(dir).resolve(fileName(message.msgId()));
        } catch (InvalidPathException e) {
            throw new AdminFailure("--bodyDir '" + dir + "' is not a usable path: " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, message.body());
        } catch (IOException e) {
            throw new AdminFailure(
                    "cannot write the body of message " + message.msgId() + " to " + file + ": "
                            + e.getClass().getSimpleName() + " " + e.getMessage(),
                    e);
        }
        return file.toAbsolutePath();
    }

    /** A message id is hex; anything else is replaced so an id can never name a path outside the directory. */
    private static String fileName(String msgId) {
        return msgId == null || msgId.isEmpty() ? "no-msg-id" : msgId.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
