package ferry.router.cli;

import ferry.router.make.AttributeSetting;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code ferry make}'s {@code --set KEY=VALUE}, for images and synthetic studies alike (a picocli mixin). */
public final class MakeSettings {
    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = {"Set an element, by keyword, (gggg,eeee) or (gggg,\"CREATOR\",ee); \\ separates values. In "
                + "values, {n} or {patient}, {study}, {series}, {instance} and {echo} are numbers (from 1), "
                + "{n:04} zero-padded. Repeatable; applied last."})
    List<String> settings = new ArrayList<>();

    /**
     * The settings read.
     *
     * @throws IllegalArgumentException for the first that is wrong, saying why
     */
    List<AttributeSetting> parsed() {
        List<AttributeSetting> parsed = new ArrayList<>();
        for (String setting : settings) {
            parsed.add(AttributeSetting.parse(setting));
        }
        return parsed;
    }
}
