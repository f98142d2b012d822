package io.parcours.server;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import io.parcours.model.ErrorCode;
import io.parcours.model.ParcoursException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Password hashes with Argon2id, with the parameters OWASP's password storage cheat sheet gives as
 * its first choice (19 MiB of memory, 2 passes, 1 lane), in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), so the parameters travel with each hash and
 * can be raised later without breaking the old ones. A login for an unknown address still pays for
 * one hash, so the time taken does not tell which addresses exist. Thread-safe.
 */
final class Passwords {
    /** Shorter passwords fall to guessing; longer ones only cost hashing time. */
    static final int MIN_LENGTH = 10;
    static final int MAX_LENGTH = 200;

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);
    /**
     * How many hashes run at once: each takes 19 MiB and a core for a tenth of a second, so a flood
     * of logins (150 at once ran a 2 GB server out of memory) waits here, in turn, instead.
     */
    private static final Semaphore HASHING = new Semaphore(Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors())),
            true);
    /** How long a login waits for its turn before it is told to come back. */
    static final Duration HASHING_WAIT = Duration.ofSeconds(10);
    private static final String DUMMY_HASH = hash("not a password anyone has, used to spend equal time");
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {}

    static String hash(String password) {
        return inTurn(() -> Password.hash(password).addRandomSalt(16).with(ARGON2).getResult());
    }

    /**
     * Whether {@code password} matches {@code hash}; false for a hash this class cannot read.
     * Refused as overloaded (429) when too many checks wait already.
     */
    static boolean matches(String password, String hash) {
        if (password == null || password.length() > MAX_LENGTH) {
            return false;
        }
        return inTurn(() -> {
            try {
                return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
            } catch (RuntimeException unreadable) {
                return false;
            }
        });
    }

    /** Runs a hash when one of the {@link #HASHING} turns is free, waiting at most {@link #HASHING_WAIT}. */
    private static <T> T inTurn(Supplier<T> hashing) {
        boolean turn;
        try {
            turn = HASHING.tryAcquire(HASHING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            throw new ParcoursException(ErrorCode.OVERLOADED, "too many people are logging in at once: try again in a few "
                    + "seconds");
        }
        try {
            return hashing.get();
        } finally {
            HASHING.release();
        }
    }

    /** Spends the time of one check, for a login whose address has no user. */
    static void spendEqualTime(String password) {
        matches(password == null ? "" : password, DUMMY_HASH);
    }

    /** Checks a new password against the rules; the message says what to change. */
    static String checkNew(String password, String email) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw ParcoursException.invalid("password", "the password must have at least " + MIN_LENGTH
                    + " characters: a few unrelated words make a strong one that is easy to remember");
        }
        if (password.length() > MAX_LENGTH) {
            throw ParcoursException.invalid("password", "the password must have at most " + MAX_LENGTH + " characters");
        }
        if (password.toLowerCase(Locale.ROOT).contains(email.toLowerCase(Locale.ROOT).split("@")[0])
                && email.indexOf('@') > 2) {
            throw ParcoursException.invalid("password", "the password must not contain the e-mail address's name");
        }
        return password;
    }

    /** A random password of 20 characters, without look-alike letters, for first logins. */
    static String generate() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
