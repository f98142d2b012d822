package io.parcours.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.parcours.model.Channel;
import io.parcours.model.ElementChange;
import io.parcours.model.Emotion;
import io.parcours.model.ErrorCode;
import io.parcours.model.JourneyMap;
import io.parcours.model.KpiTarget;
import io.parcours.model.MapDiff;
import io.parcours.model.MapState;
import io.parcours.model.Metric;
import io.parcours.model.ParcoursException;
import io.parcours.model.Persona;
import io.parcours.model.Stage;
import io.parcours.model.Team;
import io.parcours.model.Touchpoint;
import io.parcours.model.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store against a real DuckDB file in a temporary folder. */
class ParcoursStoreTest {
    @TempDir
    Path data;

    static final Persona AMINA = new Persona("amina", "Amina", "Style seeker", List.of("Stand out"),
            List.of("Rude sellers"), List.of("Free returns"));
    static final Team WEB = new Team("web", "Web team", Optional.of("web@example.com"), Optional.empty());

    static JourneyMap shopMap() {
        Stage discover = new Stage("discover", "Discover", "", List.of("Find a dress"), List.of(), List.of("Fits?"),
                List.of(), Optional.of(new Emotion(1, "curious")), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(new KpiTarget(Metric.CES, 5.5)));
        Stage buy = Stage.of("buy", "Buy");
        List<Touchpoint> touchpoints = List.of(
                Touchpoint.of("post", "Facebook post", "discover", Channel.SOCIAL).withOwner(Optional.of("web")),
                Touchpoint.of("checkout", "Checkout", "buy", Channel.WEB).withSurveys(List.of(
                        io.parcours.model.Survey.of("nps-checkout", io.parcours.model.SurveyType.NPS),
                        new io.parcours.model.Survey("csat-later", io.parcours.model.SurveyType.CSAT,
                                Optional.of(io.parcours.model.LocalizedText.of(java.util.Map.of("en", "Happy?",
                                        "fr", "Content ?"))), List.of(), false, java.time.Duration.ofDays(7), 0.25,
                                java.time.Duration.ofDays(3)))),
                Touchpoint.of("shop", "Shop visit", "buy", Channel.STORE).withSurveys(List.of(new io.parcours.model.Survey(
                        "visit", io.parcours.model.SurveyType.CUSTOM, Optional.empty(), List.of(
                                new io.parcours.model.SurveyQuestion("found", io.parcours.model.SurveyQuestion.Kind.SINGLE,
                                        io.parcours.model.LocalizedText.of(java.util.Map.of("en", "Found it?", "fr",
                                                "Trouvé ?")), 0, 0, List.of(
                                        new io.parcours.model.SurveyQuestion.Choice("yes",
                                                io.parcours.model.LocalizedText.english("Yes")),
                                        new io.parcours.model.SurveyQuestion.Choice("no",
                                                io.parcours.model.LocalizedText.of(java.util.Map.of("fr", "Non")))), true),
                                io.parcours.model.SurveyQuestion.rating("seller", io.parcours.model.LocalizedText.english(
                                        "The seller?"), 0, 10)),
                        true, java.time.Duration.ofMinutes(30), 1.0, java.time.Duration.ofDays(1)))));
        return new JourneyMap("shop", "Shop journey", "amina", MapState.CURRENT, "", Optional.of("checkout"),
                Optional.empty(), List.of(discover, buy), touchpoints);
    }

    private ParcoursStore storeWithWorkspace() {
        ParcoursStore store = ParcoursStore.open(data);
        store.importInto("akwaba", "Maison Akwaba", "", true, List.of(WEB), List.of(AMINA), List.of(), "test", "");
        return store;
    }

    @Test
    void savedMapsSurviveReopeningTheFile() {
        try (ParcoursStore store = storeWithWorkspace()) {
            MapVersion first = store.saveMap("akwaba", shopMap(), "alice", "first draft");
            assertThat(first.version()).isEqualTo(1);
        }
        try (ParcoursStore reopened = ParcoursStore.open(data)) {
            Workspace workspace = reopened.requireWorkspace("akwaba");
            assertThat(workspace.maps()).containsExactly(shopMap());
            assertThat(workspace.personas()).containsExactly(AMINA);
            assertThat(workspace.teams()).containsExactly(WEB);
            assertThat(reopened.versions("akwaba", "shop")).extracting(VersionInfo::author).containsExactly("alice");
        }
    }

    @Test
    void readsAfterEveryKindOfWriteSeeTheWrite() {
        try (ParcoursStore store = storeWithWorkspace()) {
            store.saveMap("akwaba", shopMap(), "alice", "");
            assertThat(store.requireWorkspace("akwaba").maps()).hasSize(1);
            assertThat(store.latestMap("akwaba", "shop").orElseThrow().version()).isEqualTo(1);
            store.edit("akwaba", "shop", map -> map.withKey("shop"), "bob", "no change");
            store.saveMap("akwaba", shopMap().withStages(shopMap().stages(), shopMap().touchpoints().subList(0, 2)), "bob", "");
            assertThat(store.latestMap("akwaba", "shop").orElseThrow().version()).isEqualTo(2);
            assertThat(store.requireWorkspace("akwaba").maps().get(0).touchpoints()).hasSize(2);
            Persona thomas = new Persona("thomas", "Thomas", "", List.of(), List.of(), List.of());
            store.savePersona("akwaba", thomas);
            assertThat(store.requireWorkspace("akwaba").personas()).contains(thomas);
            store.surveys().setThrottleDays("akwaba", 3);
            assertThat(store.requireWorkspace("akwaba").personas()).contains(thomas);
            store.deleteMap("akwaba", "shop");
            assertThat(store.latestMap("akwaba", "shop")).isEmpty();
            store.deleteWorkspace("akwaba");
            assertThat(store.workspace("akwaba")).isEmpty();
        }
    }

    @Test
    void everySaveIsANewVersionAndAnUnchangedSaveIsNot() {
        try (ParcoursStore store = storeWithWorkspace()) {
            store.saveMap("akwaba", shopMap(), "alice", "v1");
            assertThat(store.saveMap("akwaba", shopMap(), "alice", "same again").version()).isEqualTo(1);
            JourneyMap renamed = new JourneyMap("shop", "Shop journey 2027", "amina", MapState.CURRENT, "",
                    Optional.of("checkout"), Optional.empty(), shopMap().stages(), shopMap().touchpoints());
            MapVersion second = store.saveMap("akwaba", renamed, "bob", "rename");
            assertThat(second.version()).isEqualTo(2);
            assertThat(store.version("akwaba", "shop", 1).map()).isEqualTo(shopMap());
            assertThat(store.requireLatestMap("akwaba", "shop").map()).isEqualTo(renamed);
            assertThat(store.versions("akwaba", "shop")).extracting(VersionInfo::message).containsExactly("v1", "rename");
        }
    }

    @Test
    void restoreMakesAnOldVersionLatestWithoutRewritingHistory() {
        try (ParcoursStore store = storeWithWorkspace()) {
            store.saveMap("akwaba", shopMap(), "alice", "v1");
            JourneyMap withoutShop = shopMap().withStages(shopMap().stages(),
                    shopMap().touchpoints().stream().filter(t -> !t.key().equals("shop")).toList());
            store.saveMap("akwaba", withoutShop, "bob", "drop shop");
            MapVersion restored = store.restore("akwaba", "shop", 1, "carol");
            assertThat(restored.version()).isEqualTo(3);
            assertThat(restored.map()).isEqualTo(shopMap());
            assertThat(restored.message()).isEqualTo("restored version 1");
            assertThat(store.versions("akwaba", "shop")).hasSize(3);
        }
    }

    @Test
    void diffBetweenStoredVersionsNamesWhatChanged() {
        try (ParcoursStore store = storeWithWorkspace()) {
            store.saveMap("akwaba", shopMap(), "alice", "v1");
            List<Stage> stages = new ArrayList<>(shopMap().stages());
            stages.set(0, stages.get(0).withEmotion(Optional.of(new Emotion(-1, "annoyed"))));
            stages.add(Stage.of("after", "After-sales"));
            List<Touchpoint> touchpoints = new ArrayList<>(shopMap().touchpoints());
            touchpoints.removeIf(t -> t.key().equals("post"));
            touchpoints.replaceAll(t -> t.key().equals("shop") ? t.withStage("after") : t);
            store.saveMap("akwaba", shopMap().withStages(stages, touchpoints), "bob", "v2");
            MapDiff diff = store.diff("akwaba", "shop", 1, 2);
            assertThat(diff.stages()).extracting(ElementChange::key, ElementChange::kind).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("discover", ElementChange.Kind.CHANGED),
                    org.assertj.core.groups.Tuple.tuple("after", ElementChange.Kind.ADDED));
            assertThat(diff.touchpoints()).extracting(ElementChange::key, ElementChange::kind).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("shop", ElementChange.Kind.MOVED),
                    org.assertj.core.groups.Tuple.tuple("post", ElementChange.Kind.REMOVED));
            assertThat(diff.toText("version 1", "version 2")).contains("emotion.score: '1' -> '-1'")
                    .contains("shop 'Shop visit' moved: stage buy -> stage after");
        }
    }

    @Test
    void aMapWithAnUnknownOwnerIsRefusedAndNothingIsSaved() {
        try (ParcoursStore store = storeWithWorkspace()) {
            JourneyMap badOwner = shopMap().withStages(shopMap().stages(), shopMap().touchpoints().stream()
                    .map(t -> t.withOwner(Optional.of("nobody"))).toList());
            ParcoursException error = catchThrowableOfType(ParcoursException.class,
                    () -> store.saveMap("akwaba", badOwner, "alice", ""));
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(error.getMessage()).contains("team 'nobody'");
            assertThat(store.latestMap("akwaba", "shop")).isEmpty();
        }
    }

    @Test
    void aSaveThatWouldBreakAnotherMapIsRefused() {
        try (ParcoursStore store = storeWithWorkspace()) {
            store.saveMap("akwaba", shopMap(), "alice", "v1");
            JourneyMap future = new JourneyMap("shop-future", "Future shop", "amina", MapState.FUTURE, "",
                    Optional.empty(), Optional.of("shop"), List.of(), List.of());
            store.saveMap("akwaba", future, "alice", "future");
            JourneyMap nowFuture = new JourneyMap("shop", "Shop journey", "amina", MapState.FUTURE, "",
                    Optional.of("checkout"), Optional.empty(), shopMap().stages(), shopMap().touchpoints());
            ParcoursException error = catchThrowableOfType(ParcoursException.class,
                    () -> store.saveMap("akwaba", nowFuture, "bob", "oops"));
            assertThat(error.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(error.getMessage()).contains("would break another map").contains("not a current-state map");
            assertThat(store.requireWorkspace("akwaba").maps()).containsExactly(shopMap(), future);
        }
    }

    @Test
    void editsAreAppliedToTheLatestVersionUnderTheLock() throws Exception {
        try (ParcoursStore store = storeWithWorkspace()) {
            store.saveMap("akwaba", shopMap(), "alice", "v1");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<SavedMap>> edits = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String key = "added-" + i;
                edits.add(pool.submit(() -> store.edit("akwaba", "shop", map -> {
                    List<Touchpoint> touchpoints = new ArrayList<>(map.touchpoints());
                    touchpoints.add(Touchpoint.of(key, "Added", "buy", Channel.WEB));
                    return map.withStages(map.stages(), touchpoints);
                }, "writer", "add " + key)));
            }
            for (java.util.concurrent.Future<SavedMap> edit : edits) {
                assertThat(edit.get(60, java.util.concurrent.TimeUnit.SECONDS).changed()).isTrue();
            }
            pool.shutdown();
            assertThat(store.requireLatestMap("akwaba", "shop").map().touchpoints()).hasSize(3 + 20);
            assertThat(store.versions("akwaba", "shop")).hasSize(21);
        }
    }

    @Test
    void aFailedImportLeavesTheWorkspaceAsItWas() {
        try (ParcoursStore store = storeWithWorkspace()) {
            store.saveMap("akwaba", shopMap(), "alice", "v1");
            Workspace before = store.requireWorkspace("akwaba");
            JourneyMap orphan = shopMap().withKey("orphan");
            JourneyMap forGhost = new JourneyMap("ghost-map", "Ghost", "ghost", MapState.CURRENT, "", Optional.empty(),
                    Optional.empty(), List.of(), List.of());
            catchThrowableOfType(ParcoursException.class, () -> store.importInto("akwaba", null, null, false,
                    List.of(new Team("new-team", "New", Optional.empty(), Optional.empty())), List.of(),
                    List.of(orphan, forGhost), "alice", "bad import"));
            assertThat(store.requireWorkspace("akwaba")).isEqualTo(before);
        }
    }

    @Test
    void teamsAndPersonasInUseCannotBeDeleted() {
        try (ParcoursStore store = storeWithWorkspace()) {
            store.saveMap("akwaba", shopMap(), "alice", "v1");
            assertThat(catchThrowableOfType(ParcoursException.class, () -> store.deleteTeam("akwaba", "web")).code())
                    .isEqualTo(ErrorCode.CONFLICT);
            assertThat(catchThrowableOfType(ParcoursException.class, () -> store.deletePersona("akwaba", "amina")).code())
                    .isEqualTo(ErrorCode.CONFLICT);
            store.deleteMap("akwaba", "shop");
            store.deleteTeam("akwaba", "web");
            store.deletePersona("akwaba", "amina");
            assertThat(store.requireWorkspace("akwaba").teams()).isEmpty();
        }
    }

    @Test
    void unknownThingsAreNotFoundWithSuggestions() {
        try (ParcoursStore store = storeWithWorkspace()) {
            store.saveMap("akwaba", shopMap(), "alice", "v1");
            ParcoursException noMap = catchThrowableOfType(ParcoursException.class,
                    () -> store.requireLatestMap("akwaba", "shp"));
            assertThat(noMap.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(noMap.getMessage()).contains("did you mean 'shop'?");
            assertThat(catchThrowableOfType(ParcoursException.class, () -> store.version("akwaba", "shop", 7))
                    .getMessage()).contains("versions are 1 to 1");
            assertThat(catchThrowableOfType(ParcoursException.class, () -> store.requireWorkspace("akwaab"))
                    .getMessage()).contains("did you mean 'akwaba'?");
        }
    }

    @Test
    void concurrentSavesAllBecomeVersionsInOrder() throws Exception {
        try (ParcoursStore store = storeWithWorkspace()) {
            int writers = 4;
            int savesEach = 15;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < savesEach; i++) {
                        JourneyMap map = new JourneyMap("shop-" + writer, "Shop " + writer + " edit " + i, "amina",
                                MapState.CURRENT, "", Optional.of("checkout"), Optional.empty(), shopMap().stages(),
                                shopMap().touchpoints());
                        store.saveMap("akwaba", map, "writer-" + writer, "edit " + i);
                        store.requireWorkspace("akwaba");
                    }
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            pool.shutdown();
            for (int w = 0; w < writers; w++) {
                List<VersionInfo> versions = store.versions("akwaba", "shop-" + w);
                assertThat(versions).extracting(VersionInfo::version)
                        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, savesEach).boxed().toList());
                assertThat(store.requireLatestMap("akwaba", "shop-" + w).map().name())
                        .isEqualTo("Shop " + w + " edit " + (savesEach - 1));
            }
        }
    }

    @Test
    void tokensAreStoredHashedAndCanBeRevoked() {
        try (ParcoursStore store = ParcoursStore.open(data)) {
            assertThat(store.hasActiveToken()).isFalse();
            CreatedToken created = store.createToken("admin", io.parcours.model.Role.ADMIN);
            assertThat(created.secret()).startsWith("pct_");
            assertThat(store.findActiveToken(created.secret())).contains(created.token());
            assertThat(store.findActiveToken(created.secret() + "x")).isEmpty();
            store.revokeToken(created.token().id());
            assertThat(store.findActiveToken(created.secret())).isEmpty();
            assertThat(store.hasActiveToken()).isFalse();
        }
        // the secret itself is nowhere in the database file
        assertThat(new String(readAll(data.resolve(ParcoursStore.DATABASE_FILE)), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("pct_");
    }

    private static byte[] readAll(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
