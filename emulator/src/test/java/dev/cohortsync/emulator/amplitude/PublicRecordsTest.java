package dev.cohortsync.emulator.amplitude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PublicRecordsTest {

  @Nested
  class Project {

    @Test
    void rejectsApiKeyWithColon() {
      // A colon would end the user name of HTTP Basic credentials early.
      assertThatThrownBy(() -> new AmplitudeProject("P", 1, "a:b", "s", Region.US))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("apiKey")
          .hasMessageContaining("a:b");
    }

    @Test
    void rejectsNonPositiveAppId() {
      assertThatThrownBy(() -> new AmplitudeProject("P", 0, "key", "s", Region.US))
          .hasMessageContaining("appId");
    }

    @Test
    void rejectsMissingRegion() {
      assertThatThrownBy(() -> new AmplitudeProject("P", 1, "key", "s", null))
          .hasMessageContaining("region");
    }

    @Test
    void rejectsSecretWithSpaceWithoutEchoingIt() {
      assertThatThrownBy(() -> new AmplitudeProject("P", 1, "key", "my secret", Region.US))
          .hasMessageContaining("secretKey")
          .hasMessageNotContaining("my secret");
    }

    @Test
    void hidesSecretInToString() {
      AmplitudeProject project = new AmplitudeProject("P", 1, "key-12345", "s3cr3t", Region.EU);

      assertThat(project.toString()).doesNotContain("s3cr3t").doesNotContain("key-12345");
    }
  }

  @Nested
  class User {

    @Test
    void copiesPropertiesSortedByKey() {
      Map<String, String> properties = new HashMap<>(Map.of("b", "2", "a", "1"));

      AmplitudeUser user = new AmplitudeUser(1, "u", properties);
      properties.put("c", "3");

      assertThat(user.properties().keySet()).containsExactly("a", "b");
    }

    @Test
    void rejectsPropertyWithNullValue() {
      Map<String, String> properties = new HashMap<>();
      properties.put("plan", null);

      assertThatThrownBy(() -> new AmplitudeUser(1, "u", properties))
          .hasMessageContaining("properties.plan");
    }

    @Test
    void rejectsBlankUserId() {
      assertThatThrownBy(() -> AmplitudeUser.of(1, " ")).hasMessageContaining("userId");
    }

    @Test
    void acceptsAnonymousUser() {
      assertThat(AmplitudeUser.of(1, null).userId()).isNull();
    }
  }

  @Nested
  class Spec {

    @Test
    void rejectsUpperCaseCohortId() {
      assertThatThrownBy(() -> new CohortSpec("ABC", "n", null, List.of(), true))
          .hasMessageContaining("id")
          .hasMessageContaining("ABC");
    }

    @Test
    void copiesOwners() {
      List<String> owners = new ArrayList<>(List.of("a@x.io"));

      CohortSpec spec = new CohortSpec(null, "n", null, owners, true);
      owners.add("b@x.io");

      assertThat(spec.owners()).containsExactly("a@x.io");
    }

    @Test
    void rejectsBlankName() {
      assertThatThrownBy(() -> CohortSpec.named("")).hasMessageContaining("name");
    }
  }
}
