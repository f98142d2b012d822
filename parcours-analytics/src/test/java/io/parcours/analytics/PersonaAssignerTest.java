package io.parcours.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.parcours.model.Persona;
import io.parcours.model.TraitRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Customers take the first persona whose rule their traits satisfy. */
class PersonaAssignerTest {
    static Persona persona(String key, List<TraitRule> rules) {
        return new Persona(key, key, "", List.of(), List.of(), List.of(), rules);
    }

    final PersonaAssigner assigner = PersonaAssigner.of(List.of(
            persona("amina", List.of(new TraitRule(Map.of("traits.segment", "style-seeker")),
                    new TraitRule(Map.of("traits.category", "dresses", "traits.address.city", "Lyon*")))),
            persona("marc", List.of(new TraitRule(Map.of("traits.buys_gifts", "true")))),
            persona("nobody", List.of())));

    @Test
    void anyRuleWithEveryConditionAssigns() {
        assertThat(assigner.assign(Map.of("traits.segment", "style-seeker"))).map(Persona::key).contains("amina");
        assertThat(assigner.assign(Map.of("traits.category", "dresses", "traits.address.city", "Lyon 3e")))
                .map(Persona::key).contains("amina");
        assertThat(assigner.assign(Map.of("traits.category", "dresses", "traits.address.city", "Paris"))).isEmpty();
        assertThat(assigner.assign(Map.of("traits.buys_gifts", "true"))).map(Persona::key).contains("marc");
        assertThat(assigner.assign(Map.of())).isEmpty();
    }

    @Test
    void theFirstPersonaInOrderWins() {
        assertThat(assigner.assign(Map.of("traits.segment", "style-seeker", "traits.buys_gifts", "true")))
                .map(Persona::key).contains("amina");
    }
}
