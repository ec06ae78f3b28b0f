package ferry.router.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The journal writer's statements, prepared once per connection; they close with it. */
final class WriterStatements {

    final PreparedStatement begin;
    final PreparedStatement commit;
    final PreparedStatement highestObjectId;
    final PreparedStatement insertObject;
    final PreparedStatement addCount;
    final PreparedStatement insertAction;
    final PreparedStatement finishObject;
    final PreparedStatement synchronousFull;
    final PreparedStatement synchronousNormal;

    WriterStatements(Connection connection) throws SQLException {
        begin = connection.prepareStatement(JournalSql.BEGIN_WRITE);
        commit = connection.prepareStatement(JournalSql.COMMIT);
        highestObjectId = connection.prepareStatement(JournalSql.HIGHEST_OBJECT_ID);
        insertObject = connection.prepareStatement(JournalSql.INSERT_OBJECT);
        addCount = connection.prepareStatement(JournalSql.ADD_COUNT);
        insertAction = connection.prepareStatement(JournalSql.INSERT_ACTION);
        finishObject = connection.prepareStatement(JournalSql.FINISH_OBJECT);
        synchronousFull = connection.prepareStatement(JournalSql.SYNCHRONOUS_FULL);
        synchronousNormal = connection.prepareStatement(JournalSql.SYNCHRONOUS_NORMAL);
    }
}
