package io.weir.controlplane.api;

import static io.weir.controlplane.api.Fakes.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.controlplane.json.JsonInputException;
import io.weir.schema.api.CreateApiRevision;
import io.weir.schema.api.DeployApiRevision;
import org.junit.jupiter.api.Test;

class BodiesTest {

    @Test
    void anAbsentBodyIsAnEmptyObject() {
        assertThat(Bodies.read(null, CreateApiRevision.class).getDescription()).isNull();
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefusedAtTheRoot() {
        JsonInputException e = catchThrowableOfType(JsonInputException.class, () -> Bodies.object(json("[1]")));
        assertThat(e.pointer()).isEqualTo("/");
    }

    @Test
    void theServerSetsFieldsTheBodyLeftOut() {
        ObjectNode body = Bodies.set(Bodies.object(json("{'environments':['production']}")), "revision", 3L);
        DeployApiRevision deploy = Bodies.read(body, DeployApiRevision.class);
        assertThat(deploy.getRevision()).isEqualTo(3L);
        assertThat(deploy.getEnvironments()).containsExactly("production");
    }

    @Test
    void aClientMayNotSetAServerField() {
        JsonInputException e = catchThrowableOfType(JsonInputException.class,
                () -> Bodies.set(Bodies.object(json("{'revision':9,'environments':[]}")), "revision", 3L));
        assertThat(e.pointer()).isEqualTo("/revision");
        assertThat(e.getMessage()).contains("set by the server");
    }

    @Test
    void theCallersBodyIsNotChanged() {
        ObjectNode original = (ObjectNode) json("{'environments':[]}");
        Bodies.set(Bodies.object(original), "revision", 3L);
        assertThat(original.has("revision")).isFalse();
    }

    @Test
    void defaultsOnlyFillWhatIsMissing() {
        ObjectNode body = Bodies.setIfAbsent(Bodies.object(json("{'keyType':'SANDBOX'}")), "keyType", "PRODUCTION");
        assertThat(body.get("keyType").asText()).isEqualTo("SANDBOX");
        assertThat(Bodies.setIfAbsent(Bodies.object(null), "keyType", "PRODUCTION").get("keyType").asText())
                .isEqualTo("PRODUCTION");
    }
}
