package dev.earshot.server.ops.requests;

import java.nio.file.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store on embedded SQLite, in a file of a fresh data directory. */
@Timeout(30)
class SqliteStoreTest extends StoreContract {
    @TempDir
    Path dataDir;

    @Override
    Database database() throws Exception {
        return Database.at(null, dataDir);
    }
}
