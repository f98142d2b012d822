package io.parcours.model;

/**
 * How the customer feels in a stage: a score from {@value #MIN} (very negative) to {@value #MAX}
 * (very positive), and a word for it ("frustrated", "curious"). The map draws the scores as a curve.
 */
public record Emotion(int score, String word) {
    public static final int MIN = -2;
    public static final int MAX = 2;

    public Emotion {
        if (score < MIN || score > MAX) {
            throw ParcoursException.invalid("score",
                    "emotion score " + score + " is out of range: use a whole number from -2 (very negative) to 2 (very positive)");
        }
        word = Checks.text("word", word);
        if (word.length() > Checks.MAX_NAME_LENGTH || word.indexOf('\n') >= 0) {
            throw ParcoursException.invalid("word", "the emotion word must be short and on one line");
        }
    }
}
