package ferry.router.notify;

import ferry.router.config.yaml.ChannelSettings;
import ferry.router.config.yaml.ConfigNode;
import ferry.router.config.yaml.ConfigProblems;
import ferry.router.config.yaml.Section;
import ferry.router.notify.CompletionReport.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a route's {@code notify:} list: an e-mail, a webhook or a command, told about every completed study
 * (or series, with {@code on: series}). docs/notifications.md describes the channels.
 */
public sealed interface NotifyConfig {
    /** The webhook's time limit for an answer, by default. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** How long a command may run, by default. */
    Duration DEFAULT_TIME_LIMIT = Duration.ofMinutes(10);
    /** The header carrying a webhook's signature. */
    String SIGNATURE_HEADER = "X-Ferry-Signature";

    /** Whether the channel wants study or series completions. */
    Level on();

    /** Whether patient ID, patient name and accession number are sent. */
    enum PatientIdentifiers { OMIT, INCLUDE }

    /**
     * An e-mail through the {@code smtp:} server.
     *
     * @param to                 the recipients, each checked as an address
     * @param subject            the subject template ({@link ReportText#defaultSubject()} when not given)
     * @param body               the body template ({@link ReportText#defaultBody()} when not given)
     * @param patientIdentifiers {@code omit} by default: mail leaves the site's control
     */
    record Email(List<String> to, ReportText subject, ReportText body, PatientIdentifiers patientIdentifiers,
                 Level on) implements NotifyConfig {
        public Email {
            to = List.copyOf(to);
        }

        /** {@code [a@example.org]} or {@code a@example.org}, or a map with {@code to}, texts and settings. */
        static Email parse(ConfigNode node, ConfigProblems problems) {
            if (!(node instanceof ConfigNode.MapNode)) {
                return new Email(recipients(node, problems), ReportText.defaultSubject(), ReportText.defaultBody(),
                        PatientIdentifiers.OMIT, Level.STUDY);
            }
            Section section = Section.of(node, problems);
            List<String> to = section.node("to").map(t -> recipients(t, problems)).orElseGet(() -> {
                problems.add(node, "an e-mail needs recipients: to: [a@example.org]");
                return List.of();
            });
            ReportText subject = template(section, "subject", ReportText.defaultSubject());
            ReportText body = template(section, "body", ReportText.defaultBody());
            PatientIdentifiers patient = section.choice("patient-identifiers", PatientIdentifiers.class,
                    PatientIdentifiers.OMIT);
            Level on = section.choice("on", Level.class, Level.STUDY);
            section.finish();
            return new Email(to, subject, body, patient, on);
        }

        private static List<String> recipients(ConfigNode node, ConfigProblems problems) {
            List<ConfigNode> items = node instanceof ConfigNode.ListNode list ? list.items() : List.of(node);
            if (items.isEmpty()) {
                problems.add(node, "an e-mail needs at least one recipient");
            }
            List<String> addresses = new ArrayList<>();
            for (ConfigNode item : items) {
                Optional.ofNullable(ChannelSettings.address(item, problems)).ifPresent(addresses::add);
            }
            return addresses;
        }

        private static ReportText template(Section section, String key, ReportText fallback) {
            String text = section.string(key, null);
            if (text == null) {
                return fallback;
            }
            try {
                return ReportText.parse(text);
            } catch (IllegalArgumentException e) {
                section.problems().add(section.node(key).orElseThrow(), e.getMessage());
                return fallback;
            }
        }
    }

    /**
     * A JSON POST of the report.
     *
     * @param url                http or https
     * @param secretVariable     the environment variable holding the signature's secret, or {@code null} for no
     *                           {@value #SIGNATURE_HEADER} header
     * @param headers            extra request headers
     * @param timeout            for connecting and for the answer
     * @param patientIdentifiers {@code include} by default: a webhook is usually a system of the site's own
     */
    record Webhook(URI url, String secretVariable, Map<String, String> headers, Duration timeout,
                   PatientIdentifiers patientIdentifiers, Level on) implements NotifyConfig {
        public Webhook {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** {@code https://...}, or a map with {@code url} and settings. */
        static Webhook parse(ConfigNode node, ConfigProblems problems) {
            if (!(node instanceof ConfigNode.MapNode)) {
                return new Webhook(ChannelSettings.url(node, problems), null, Map.of(), DEFAULT_TIMEOUT,
                        PatientIdentifiers.INCLUDE, Level.STUDY);
            }
            Section section = Section.of(node, problems);
            URI url = section.node("url").map(u -> ChannelSettings.url(u, problems)).orElseGet(() -> {
                problems.add(node, "a webhook needs a url");
                return null;
            });
            String secretVariable = section.variable("secret-variable", null);
            Map<String, String> headers = section.node("headers")
                    .map(h -> ChannelSettings.headers(h, problems, SIGNATURE_HEADER)).orElse(Map.of());
            Duration timeout = ChannelSettings.positiveDuration(section, "timeout", DEFAULT_TIMEOUT);
            PatientIdentifiers patient = section.choice("patient-identifiers", PatientIdentifiers.class,
                    PatientIdentifiers.INCLUDE);
            Level on = section.choice("on", Level.class, Level.STUDY);
            section.finish();
            return new Webhook(url, secretVariable, headers, timeout, patient, on);
        }
    }

    /**
     * A program run without a shell.
     *
     * @param run       the program and its arguments, each a template ({@link ReportText#parseArgument(String)})
     * @param timeLimit how long it may run before it (and what it started) is killed
     * @param directory its working directory, or {@code null} for Ferry's
     */
    record Command(List<ReportText> run, Duration timeLimit, Path directory, Level on) implements NotifyConfig {

        public Command {
            run = List.copyOf(run);
        }

        /**
         * {@code "/opt/bin/process {folder}"}, or a map with {@code run} and settings. A command written as one
         * string is split on whitespace before placeholders are filled in, so a value never becomes two arguments.
         * A relative program path with a {@code /} is relative to the configuration file's directory.
         */
        static Command parse(ConfigNode node, ConfigProblems problems, Path base) {
            if (!(node instanceof ConfigNode.MapNode)) {
                return new Command(run(node, problems, base), DEFAULT_TIME_LIMIT, null, Level.STUDY);
            }
            Section section = Section.of(node, problems);
            List<ReportText> run = section.node("run").map(r -> run(r, problems, base)).orElseGet(() -> {
                problems.add(node, "a command needs run: [program, arguments...]");
                return List.of();
            });
            Duration timeLimit = ChannelSettings.positiveDuration(section, "time-limit", DEFAULT_TIME_LIMIT);
            String directory = section.string("directory", null);
            Level on = section.choice("on", Level.class, Level.STUDY);
            section.finish();
            return new Command(run, timeLimit, directory == null ? null : base.resolve(directory), on);
        }

        private static List<ReportText> run(ConfigNode node, ConfigProblems problems, Path base) {
            List<ConfigNode> items = new ArrayList<>();
            if (node instanceof ConfigNode.ListNode list) {
                items.addAll(list.items());
            } else if (node instanceof ConfigNode.ScalarNode scalar && scalar.value() != null) {
                for (String word : scalar.value().strip().split("\\s+")) {
                    if (!word.isEmpty()) {
                        items.add(new ConfigNode.ScalarNode(scalar.path(), scalar.line(), word));
                    }
                }
            }
            List<ReportText> run = new ArrayList<>();
            for (ConfigNode item : items) {
                if (!(item instanceof ConfigNode.ScalarNode scalar) || scalar.value() == null) {
                    problems.add(item, "expected a program or argument, found " + item.kind());
                    continue;
                }
                String text = scalar.value();
                if (run.isEmpty() && text.contains("/") && !text.contains("{") && !text.contains("#")) {
                    text = base.resolve(text).toString();
                }
                try {
                    run.add(ReportText.parseArgument(text));
                } catch (IllegalArgumentException e) {
                    problems.add(item, e.getMessage());
                }
            }
            if (items.isEmpty()) {
                problems.add(node, "expected a program and its arguments: [/opt/bin/process, '{folder}']");
            }
            return run;
        }
    }

    /**
     * Reads one {@code notify:} entry: a map whose one key names the channel ({@code email}, {@code webhook} or
     * {@code command}). When the entry names none (reported), an e-mail to nobody stands in so reading goes on.
     */
    static NotifyConfig parse(ConfigNode node, ConfigProblems problems, Path base) {
        Section entry = Section.of(node, problems);
        Optional<ConfigNode> email = entry.node("email");
        Optional<ConfigNode> webhook = entry.node("webhook");
        Optional<ConfigNode> command = entry.node("command");
        entry.finish();
        long named = email.stream().count() + webhook.stream().count() + command.stream().count();
        if (named != 1) {
            problems.add(node, named == 0 ? "names no channel: expected email, webhook or command"
                    : "names " + named + " channels; write each in an entry of its own");
        }
        if (webhook.isPresent()) {
            return Webhook.parse(webhook.get(), problems);
        }
        if (command.isPresent()) {
            return Command.parse(command.get(), problems, base);
        }
        return email.map(e -> (NotifyConfig) Email.parse(e, problems)).orElseGet(() -> new Email(List.of(),
                ReportText.defaultSubject(), ReportText.defaultBody(), PatientIdentifiers.OMIT, Level.STUDY));
    }
}
