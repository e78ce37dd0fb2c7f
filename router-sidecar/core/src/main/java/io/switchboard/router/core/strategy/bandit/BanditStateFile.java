package io.switchboard.router.core.strategy.bandit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Persists a {@link BanditState} as JSON, atomically (write a sibling temp file, then move),
 * so a crash mid-write never leaves a torn state for the next start.
 */
public final class BanditStateFile {

    private final Path file;
    private final ObjectMapper json;

    public BanditStateFile(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    public Optional<BanditState> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), BanditState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bandit state " + file, e);
        }
    }

    public void write(BanditState state) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            json.writeValue(temp.toFile(), state);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write bandit state " + file, e);
        }
    }
}
