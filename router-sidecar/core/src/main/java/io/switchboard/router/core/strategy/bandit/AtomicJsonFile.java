package io.switchboard.router.core.strategy.bandit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes learned state as JSON atomically: a sibling temp file, then a move, so a crash never leaves a torn file. */
public final class AtomicJsonFile {
    private AtomicJsonFile() {
    }

    public static void write(Path file, ObjectMapper json, Object value) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        json.writeValue(temp.toFile(), value);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
