package io.parcours.analytics.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrequentTermsTest {
    @Test
    void countsWordsOncePerAnswerWithoutStopWords() {
        FrequentTerms terms = new FrequentTerms()
                .add("The delivery: late, late, LATE!")
                .add("Livraison en retard, et l'attente au téléphone était longue")
                .add("delivery late again")
                .add("   ")
                .add("L’attente au téléphone : 45 minutes");
        assertThat(terms.answers()).isEqualTo(4);
        assertThat(terms.topWords(3)).containsExactly(
                new FrequentTerms.Term("attente", 2), new FrequentTerms.Term("delivery", 2),
                new FrequentTerms.Term("late", 2));
        assertThat(terms.topWords(50)).extracting(FrequentTerms.Term::text)
                .doesNotContain("the", "en", "et", "l", "au", "était", "45")
                .contains("téléphone", "livraison", "retard", "minutes");
        assertThat(terms.topPhrases(5)).containsExactly(new FrequentTerms.Term("delivery late", 2));
    }

    @Test
    void partialCountsMerge() {
        List<String> answers = List.of("slow checkout page", "checkout page crashed", "great staff", "slow slow slow",
                "Le paiement a échoué", "paiement refusé deux fois");
        FrequentTerms whole = new FrequentTerms();
        answers.forEach(whole::add);
        FrequentTerms first = new FrequentTerms();
        FrequentTerms second = new FrequentTerms();
        for (int i = 0; i < answers.size(); i++) {
            (i % 2 == 0 ? first : second).add(answers.get(i));
        }
        FrequentTerms merged = first.merge(second);
        assertThat(merged.topWords(100)).isEqualTo(whole.topWords(100));
        assertThat(merged.topPhrases(100)).isEqualTo(whole.topPhrases(100));
        assertThat(merged.answers()).isEqualTo(6);
        assertThat(whole.topPhrases(1)).containsExactly(new FrequentTerms.Term("checkout page", 2));
    }
}
