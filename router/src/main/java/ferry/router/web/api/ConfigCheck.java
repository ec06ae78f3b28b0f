package ferry.router.web.api;

import java.util.List;

/**
 * The configuration file checked as a reload would read it ({@code GET /api/config/check}).
 *
 * @param file            the file
 * @param valid           whether a reload would take it
 * @param problems        what is wrong with it, each with its line and key
 * @param restartSettings settings it changes that apply only at a restart
 */
public record ConfigCheck(String file, boolean valid, List<String> problems, List<String> restartSettings) {

    /**
     * What a reload did ({@code POST /api/config/reload}).
     *
     * @param reloaded whether the file was put in force
     * @param message  what happened, as {@code ferry reload} prints it
     */
    public record Reload(boolean reloaded, String message) {
    }
}
