package ferry.router.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ferry.router.journal.JournalTransaction;
import ferry.router.journal.JournalWork;
import ferry.router.journal.Rows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The {@code ferry_node} table: each node's heartbeat, version and load. The journal registers a node when it opens
 * the database; the {@link Heartbeat} writes here; {@code ferry status} and {@code GET /api/status} read every node.
 */
public final class NodeRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String BEAT = """
            UPDATE ferry_node SET heartbeat_at = ?, version = ?, load = ? WHERE name = ?""";
    static final String SELECT_NODES = """
            SELECT name, started_at, heartbeat_at, version, load FROM ferry_node ORDER BY name""";

    private NodeRegistry() {
    }

    /** The heartbeat of node {@code node} at {@code now}, running {@code version} with {@code load}. */
    public static JournalWork beat(String node, Instant now, String version, NodeLoad load) {
        String loadJson = json(load);
        return transaction -> Rows.update(transaction, BEAT, JournalTransaction.nanos(now), version, loadJson, node);
    }

    /** Every node the database knows, by name. */
    public static List<NodeState> nodes(Connection connection) throws SQLException {
        return Rows.list(connection, SELECT_NODES, row -> new NodeState(row.getString(1),
                JournalTransaction.instant(row.getLong(2)), JournalTransaction.instant(row.getLong(3)),
                row.getString(4), load(row.getString(5))));
    }

    private static String json(NodeLoad load) {
        try {
            return JSON.writeValueAsString(load);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a node's load as JSON", e);
        }
    }

    /** The load a heartbeat wrote; {@link NodeLoad#NONE} before the first, or for what this Ferry cannot read. */
    private static NodeLoad load(String json) {
        try {
            NodeLoad load = JSON.readValue(json, NodeLoad.class);
            return load == null ? NodeLoad.NONE : load;
        } catch (JsonProcessingException e) {
            return NodeLoad.NONE;
        }
    }
}
