package io.parcours.server;

import io.parcours.model.Role;
import io.parcours.store.WorkspaceSummary;
import java.util.List;
import java.util.Optional;

/**
 * What every dashboard page's frame needs: the words in the page's language, who is logged in and
 * what they may do, the CSRF token for forms, the workspaces for the switcher, the current
 * workspace and section for the navigation. Public only because the compiled templates read it.
 */
public final class Shell {
    /** The htmx script, served from its WebJar. */
    public static final String HTMX = "/webjars/htmx.org/2.0.10/dist/htmx.min.js";
    /** Apache ECharts, served from its WebJar. */
    public static final String ECHARTS = "/webjars/echarts/5.5.0/echarts.min.js";

    private final Texts texts;
    private final Optional<Caller> caller;
    private final String path;
    private final List<WorkspaceSummary> workspaces;
    private final Optional<String> workspace;
    private final String section;

    Shell(Texts texts, Optional<Caller> caller, String path, List<WorkspaceSummary> workspaces, Optional<String> workspace,
            String section) {
        this.texts = texts;
        this.caller = caller;
        this.path = path;
        this.workspaces = List.copyOf(workspaces);
        this.workspace = workspace;
        this.section = section;
    }

    Shell in(String workspaceKey, String newSection) {
        return new Shell(texts, caller, path, workspaces, Optional.of(workspaceKey), newSection);
    }

    Texts texts() {
        return texts;
    }

    public String t(String key) {
        return texts.t(key);
    }

    public String t(String key, Object... arguments) {
        return texts.t(key, arguments);
    }

    public String language() {
        return texts.language();
    }

    public String number(long value) {
        return texts.number(value);
    }

    public String percent(double share) {
        return texts.percent(share);
    }

    public String dateTime(java.time.Instant instant) {
        return texts.dateTime(instant);
    }

    public boolean loggedIn() {
        return caller.isPresent();
    }

    public String userName() {
        return caller.map(Caller::name).orElse("");
    }

    public String role() {
        return caller.map(c -> c.role().id()).orElse("");
    }

    public boolean canEdit() {
        return caller.filter(c -> c.role().includes(Role.EDITOR)).isPresent();
    }

    public boolean isAdmin() {
        return caller.filter(c -> c.role().includes(Role.ADMIN)).isPresent();
    }

    /** The CSRF token every form of the page sends back. */
    public String csrf() {
        return caller.flatMap(Caller::csrfToken).orElse("");
    }

    public List<WorkspaceSummary> workspaces() {
        return workspaces;
    }

    public String workspace() {
        return workspace.orElse("");
    }

    public boolean hasWorkspace() {
        return workspace.isPresent();
    }

    public String section() {
        return section;
    }

    /** The link that shows this page in the other language. */
    public String otherLanguageLink() {
        String other = otherLanguage();
        return path + (path.contains("?") ? "&" : "?") + "lang=" + other;
    }

    public String otherLanguage() {
        return texts.language().equals("fr") ? "en" : "fr";
    }
}
