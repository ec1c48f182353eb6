package dev.arbiter.cli;

import dev.arbiter.core.spec.RewardRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** docs/catalog.md is the generated table of every type of the build; it must not drift from the code. */
class CatalogDocTest {
    @Test
    void theCommittedCatalogEqualsTheGeneratedOne() throws IOException {
        String committed = Files.readString(Path.of("..", "docs", "catalog.md"));
        assertEquals(RewardsCommand.markdownCatalog(RewardRegistry.fromServiceLoader()), committed,
                "regenerate with: ./arbiter rewards --markdown > docs/catalog.md");
    }
}
