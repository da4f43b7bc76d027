package io.weir.controlplane.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.weir.controlplane.definition.DefinitionExporter.Syntax;
import io.weir.schema.api.ApiDefinition;
import io.weir.schema.api.DefinitionFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionExporterTest {

    private final DefinitionExporter exporter = new DefinitionExporter();

    @Test
    void yamlToJsonAndBackKeepsEveryValueAndTheKeyOrder() throws Exception {
        String yaml = new String(Fixtures.bytes("valid/asyncapi-2.6-streetlights-kafka.yaml"), StandardCharsets.UTF_8);

        String json = exporter.export(new ApiDefinition(DefinitionFormat.ASYNCAPI_2, yaml, "application/yaml"), Syntax.JSON);
        String yamlAgain = exporter.export(json, Syntax.YAML);

        JsonNode original = new YAMLMapper().readTree(yaml);
        assertThat(new ObjectMapper().readTree(json)).isEqualTo(original);
        assertThat(new YAMLMapper().readTree(yamlAgain)).isEqualTo(original);
        assertThat(keys(new ObjectMapper().readTree(json))).containsExactlyElementsOf(keys(original));
        assertThat(keys(new YAMLMapper().readTree(yamlAgain))).containsExactlyElementsOf(keys(original));
    }

    @Test
    void jsonToYamlAndBackKeepsStringsThatLookLikeNumbersOrBooleans() throws Exception {
        String json = new String(Fixtures.bytes("valid/openapi-3.1-petstore-webhooks.json"), StandardCharsets.UTF_8)
                .replace("\"version\": \"1.0.0\"", "\"version\": \"1.0\", \"x-flag\": \"on\", \"x-null\": \"null\"");

        String yaml = exporter.export(json, Syntax.YAML);
        String jsonAgain = exporter.export(yaml, Syntax.JSON);

        JsonNode original = new ObjectMapper().readTree(json);
        assertThat(new ObjectMapper().readTree(jsonAgain)).isEqualTo(original);
        assertThat(original.at("/info/version").isTextual()).isTrue();
        assertThat(yaml).doesNotStartWith("---").contains("openapi: 3.1.0", "version: \"1.0\"", "x-flag: \"on\"");
        // the converted YAML imports like the JSON it came from
        ImportResult.Imported fromYaml = Fixtures.imported(DefinitionUpload.single("a.yaml", yaml));
        assertThat(fromYaml.version()).isEqualTo("1.0");
        assertThat(fromYaml.resources()).isEqualTo(Fixtures.imported(DefinitionUpload.single("a.json", json)).resources());
    }

    @Test
    void contentAlreadyInTheAskedSyntaxComesBackAsStored() {
        String yaml = "# comments survive\nopenapi: 3.0.3\n";

        assertThat(exporter.export(yaml, Syntax.YAML)).isSameAs(yaml);
        assertThat(Syntax.YAML.contentType()).isEqualTo("application/yaml");
        assertThat(Syntax.JSON.contentType()).isEqualTo("application/json");
    }

    @Test
    void anApiWithoutADefinitionHasNothingToExport() {
        assertThatThrownBy(() -> exporter.export(new ApiDefinition(DefinitionFormat.NONE, "", "application/json"), Syntax.JSON))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        collect(node, "", keys);
        return keys;
    }

    private static void collect(JsonNode node, String at, List<String> keys) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                keys.add(at + "/" + f.getKey());
                collect(f.getValue(), at + "/" + f.getKey(), keys);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), at + "/" + i, keys);
            }
        }
    }
}
