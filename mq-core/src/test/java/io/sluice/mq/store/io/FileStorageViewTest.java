package io.sluice.mq.store.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read views of {@link FileStorage} files: mapped windows, only over bytes already written. */
class FileStorageViewTest {

    private static final int WINDOW = 4096;

    @TempDir
    Path dir;

    @Test
    void viewShowsWrittenBytesOnceTheirWindowIsComplete() throws IOException {
        try (StorageFile file = new FileStorage(WINDOW).openOrCreate(dir.resolve("f"))) {
            file.write(ByteBuffer.wrap(pattern(0, WINDOW + 100)), 0);

            ByteBuffer view = file.view(10, 50);
            assertThat(view).isNotNull();
            assertThat(view.isDirect()).isTrue();
            assertThat(view.isReadOnly()).isTrue();
            assertThat(bytes(view)).isEqualTo(pattern(10, 50));
            assertThat(file.view(WINDOW + 10, 50))
                    .as("the second window is not complete yet")
                    .isNull();
            assertThat(file.view(WINDOW - 10, 20))
                    .as("crossing a window boundary")
                    .isNull();

            file.write(ByteBuffer.wrap(pattern(WINDOW + 100, WINDOW)), WINDOW + 100);
            assertThat(bytes(file.view(WINDOW + 10, 50))).isEqualTo(pattern(WINDOW + 10, 50));
        }
    }

    @Test
    void viewsFollowLaterWritesAndOutliveClose() throws IOException {
        Path path = dir.resolve("g");
        StorageFile file = new FileStorage(WINDOW).openOrCreate(path);
        file.write(ByteBuffer.wrap(new byte[WINDOW]), 0);
        ByteBuffer view = file.view(0, 8);
        file.write(ByteBuffer.wrap(pattern(0, 8)), 0); // the page cache is shared with the mapping
        assertThat(bytes(view.duplicate())).isEqualTo(pattern(0, 8));

        file.close();
        Files.delete(path);
        assertThat(bytes(view)).isEqualTo(pattern(0, 8));
    }

    @Test
    void truncationAndZeroWindowsOfferNoViews() throws IOException {
        try (StorageFile file = new FileStorage(WINDOW).openOrCreate(dir.resolve("h"));
                StorageFile unmapped = new FileStorage(0).openOrCreate(dir.resolve("i"))) {
            file.write(ByteBuffer.wrap(pattern(0, 2 * WINDOW)), 0);
            assertThat(file.view(WINDOW, 10)).isNotNull();
            file.truncate(WINDOW + 5);
            assertThat(file.view(WINDOW, 10)).isNull();
            assertThat(file.view(0, 10)).isNotNull();

            unmapped.write(ByteBuffer.wrap(pattern(0, 2 * WINDOW)), 0);
            assertThat(unmapped.view(0, 10)).isNull();
        }
    }

    private static byte[] pattern(int from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ((from + i) * 31 + 7);
        }
        return bytes;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
