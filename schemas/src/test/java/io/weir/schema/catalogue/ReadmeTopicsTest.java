package io.weir.schema.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's topic table is where users look: it must name every topic of the catalogue. */
class ReadmeTopicsTest {

    @Test
    void readmeListsEveryCatalogueTopic() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (TopicSpec<?> topic : Topics.ALL) {
            String name = TopicNaming.defaults().name(topic);
            assertThat(readme).as("README topic table").contains("`" + name + "`");
            assertThat(readme).as("README value of " + name)
                    .containsPattern("`" + java.util.regex.Pattern.quote(name) + "` \\|[^\\n]*`"
                            + topic.valueType().getSimpleName() + "`");
        }
    }
}
