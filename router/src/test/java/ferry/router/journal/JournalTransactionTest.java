package ferry.router.journal;

import ferry.router.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("database")
class JournalTransactionTest {
    @TempDir
    Path dir;

    @Test
    void whatWorkKeepsLastsUntilTheNextTransactionBegins() throws Exception {
        List<String> seen = new java.util.ArrayList<>();
        try (Journal journal = Journal.open(TestDatabase.fresh(dir), Durability.PROCESS)) {
            journal.write(transaction -> {
                transaction.kept(StringBuilder.class, StringBuilder::new).append("first");
                seen.add(transaction.kept(StringBuilder.class, StringBuilder::new).toString());
            });
            journal.write(transaction -> seen.add(transaction.kept(StringBuilder.class, StringBuilder::new)
                    .append("second").toString()));
        }
        assertThat(seen).containsExactly("first", "second");
    }

    @Test
    void anAttemptThatFailsIsUndoneAndTheRestOfTheTransactionCommits() throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (Journal journal = Journal.open(TestDatabase.fresh(dir), Durability.PROCESS)) {
            journal.write(transaction -> {
                Rows.update(transaction, JournalSql.ADD_COUNT, "", "kept", 1, 10);
                failure.set(transaction.attempt(attempted -> {
                    Rows.update(attempted, JournalSql.ADD_COUNT, "", "undone", 1, 10);
                    Rows.update(attempted, "INSERT INTO no_such_table VALUES (1)");
                }));
                Rows.update(transaction, JournalSql.ADD_COUNT, "", "after", 1, 10);
            });

            assertThat(failure.get()).isInstanceOf(SQLException.class).hasMessageContaining("no_such_table");
            List<String> names = journal.read(connection -> Rows.list(connection,
                    "SELECT name FROM received_count ORDER BY name", row -> row.getString(1)));
            assertThat(names).containsExactly("after", "kept");
        }
    }
}
