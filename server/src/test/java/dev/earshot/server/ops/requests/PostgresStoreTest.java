package dev.earshot.server.ops.requests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** The store on a real PostgreSQL: a private cluster for this class, a new database for each test. */
@Timeout(30)
class PostgresStoreTest extends StoreContract {
    private static PostgresCluster cluster;

    @BeforeAll
    @Timeout(240)
    static void startCluster() throws Exception {
        cluster = PostgresCluster.start();
    }

    @AfterAll
    @Timeout(120)
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    Database database() throws Exception {
        return Database.at(cluster.createDatabase(), null);
    }
}
