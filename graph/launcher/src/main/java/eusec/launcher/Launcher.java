package eusec.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import java.nio.charset.StandardCharsets;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.CommunityBootstrapper;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Runs a real Neo4j 5 Community server (bolt, HTTP API, Browser) in this JVM, with its data kept on disk
 * under a home folder chosen by the user, so that eusec needs neither a Neo4j tarball nor Docker.
 *
 * <p>Usage: {@code java -cp <classpath> eusec.launcher.Launcher --home DIR [--bolt-port 7687]
 * [--http-port 7474] [--password PW] [--tx-timeout 120s] [--pagecache 128m]
 * [--guide-url URL] [--tx-memory 1g]}. The password may also
 * (preferably, as it then does not show in {@code ps}) come from the environment variable
 * {@code EUSEC_LAUNCHER_PASSWORD}.
 *
 * <p>Prints one line {@code READY bolt://127.0.0.1:PORT http://127.0.0.1:PORT/browser/} once the
 * password is set and bolt accepts connections; the Python side ({@code graph/launcher.py}) waits for it.
 * SIGTERM/SIGINT shut the server down cleanly (Neo4j's bootstrapper installs the shutdown hook; ours only
 * reports the end and releases the main thread).
 */
public final class Launcher {

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parseArgs(args);
        Path home = Path.of(require(opts, "home")).toAbsolutePath().normalize();
        int boltPort = Integer.parseInt(opts.getOrDefault("bolt-port", "7687"));
        int httpPort = Integer.parseInt(opts.getOrDefault("http-port", "7474"));
        String password = opts.getOrDefault("password", System.getenv("EUSEC_LAUNCHER_PASSWORD"));
        if (password == null || password.length() < 8) {
            // Neo4j 5 refuses passwords shorter than 8 characters; fail before touching the store.
            fail("a password of at least 8 characters is required (--password or EUSEC_LAUNCHER_PASSWORD)");
        }
        String host = opts.getOrDefault("host", "127.0.0.1");
        String txTimeout = opts.getOrDefault("tx-timeout", "120s");
        String pageCache = opts.getOrDefault("pagecache", "128m");
        Files.createDirectories(home);

        Map<String, String> conf = serverConfig(home, host, boltPort, httpPort, txTimeout, pageCache, opts.getOrDefault("tx-memory", "1g"));
        String guide = opts.get("guide-url");
        if (guide != null && !guide.isBlank()) {
            // The Browser runs ":play <guide>" right after connecting (e.g. the eusec guide served by the API).
            conf.put("browser.post_connect_cmd", "play " + guide);
        }
        long t0 = System.nanoTime();
        if (!Files.isDirectory(home.resolve("data").resolve("databases").resolve("system"))) {
            // First start: hand Neo4j the initial password the way `neo4j-admin dbms set-initial-password`
            // does, so the neo4j user never exists with the default password.
            writeInitialPassword(home.resolve("data").resolve("dbms").resolve("auth.ini"), password);
        }
        CommunityBootstrapper bootstrapper = new CommunityBootstrapper();
        // The conf file is optional (read if present, e.g. for an advanced user's extra settings); our
        // overrides win over it so that the safety settings (loopback, auth, no file:// CSV) always hold.
        Path confFile = home.resolve("conf").resolve("neo4j.conf");
        int rc = bootstrapper.start(home, confFile, conf, false, false);
        if (rc != 0) {
            fail("Neo4j did not start (bootstrapper exit code " + rc + "); see " + home.resolve("logs"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            stopped.countDown();
        }, "eusec-launcher-shutdown"));

        try {
            DatabaseManagementService dbms = bootstrapper.getDatabaseManagementService();
            long tp = System.nanoTime();
            // Checking the stored hash is instant; ALTER USER compiles Cypher on a cold JVM (10-20 s on a
            // busy machine), so it runs only when the password in the settings has changed.
            String how = passwordMatches(dbms, password) ? "unchanged" : "set";
            if (how.equals("set")) {
                setPassword(dbms, password);
            }
            System.out.printf("PASSWORD %s (%d ms)%n", how, (System.nanoTime() - tp) / 1_000_000);
            waitForPort(host, boltPort, 60_000);
        } catch (RuntimeException e) {
            // The server threads would keep the JVM alive after main() dies: stop it and say why.
            bootstrapper.stop();
            fail("Neo4j started but could not be prepared: " + e.getMessage());
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("READY bolt://%s:%d http://%s:%d/browser/ pid=%d startup_ms=%d%n",
                host, boltPort, host, httpPort, ProcessHandle.current().pid(), ms);
        System.out.flush();
        stopped.await();
    }

    /** The server settings: loopback only, auth on, no local-file CSV, modest memory, a transaction timeout. */
    static Map<String, String> serverConfig(Path home, String host, int boltPort, int httpPort,
                                            String txTimeout, String pageCache, String txMemory) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("server.directories.data", home.resolve("data").toString());
        c.put("server.directories.logs", home.resolve("logs").toString());
        c.put("server.directories.run", home.resolve("run").toString());
        c.put("server.default_listen_address", host);
        c.put("server.default_advertised_address", host);
        c.put("server.bolt.enabled", "true");
        c.put("server.bolt.listen_address", host + ":" + boltPort);
        c.put("server.bolt.advertised_address", host + ":" + boltPort);
        c.put("server.bolt.tls_level", "DISABLED");
        c.put("server.http.enabled", "true");
        c.put("server.http.listen_address", host + ":" + httpPort);
        c.put("server.http.advertised_address", host + ":" + httpPort);
        c.put("server.https.enabled", "false");
        c.put("dbms.security.auth_enabled", "true");
        // LOAD CSV may not read files of this machine (and there is no import folder).
        c.put("dbms.security.allow_csv_import_from_file_urls", "false");
        // The Browser may load guides (":play http://127.0.0.1:8000/browser-guide") from the local API only.
        c.put("browser.remote_content_hostname_whitelist", "127.0.0.1,localhost");
        c.put("db.transaction.timeout", txTimeout);
        c.put("server.memory.pagecache.size", pageCache);
        // one paper is one transaction; very large loads need more (--tx-memory 0 = bounded by the heap only)
        c.put("dbms.memory.transaction.total.max", txMemory);
        c.put("dbms.usage_report.enabled", "false");
        // Keep a small transaction-log tail: this is a single-user analysis store, not an audited system.
        c.put("db.tx_log.rotation.retention_policy", "2 files");
        return c;
    }

    /**
     * Makes the neo4j user's password the given one (and not "change required"). Run on every start so
     * the password in eusec's settings is authoritative; Neo4j refuses to "change" to the same password,
     * which is then not an error for us.
     */
    static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database("system");
        try (Transaction tx = system.beginTx()) {
            tx.execute("ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password)).close();
            tx.commit();
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    /** Writes data/dbms/auth.ini, read once when the system database is created (then deleted by Neo4j). */
    static void writeInitialPassword(Path authFile, String password) throws Exception {
        Files.createDirectories(authFile.getParent());
        Files.deleteIfExists(authFile);
        FileUserRepository repo = new FileUserRepository(new DefaultFileSystemAbstraction(), authFile,
                NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
        repo.start();
        try {
            SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(
                    password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
            repo.create(new User("neo4j", null, credential, false, false));
        } finally {
            repo.shutdown();
        }
    }

    /** True if the neo4j user's stored credential is this password and no change is required. */
    static boolean passwordMatches(DatabaseManagementService dbms, String password) {
        try (Transaction tx = dbms.database("system").beginTx()) {
            Node user = tx.findNode(Label.label("User"), "name", "neo4j");
            if (user == null || Boolean.TRUE.equals(user.getProperty("passwordChangeRequired", Boolean.TRUE))) {
                return false;
            }
            Object stored = user.getProperty("credentials", null);
            return stored instanceof String s && SystemGraphCredential.deserialize(s, new SecureHasher())
                    .matchesPassword(password.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            return false; // internal layout changed? fall back to ALTER USER, which always works
        }
    }

    /** Waits until something accepts TCP connections on host:port (bolt is up). */
    static void waitForPort(String host, int port, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("bolt did not accept connections on " + host + ":" + port + " within " + timeoutMs + " ms");
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                fail("usage: Launcher --home DIR [--bolt-port N] [--http-port N] [--password PW] (bad argument: " + a + ")");
            }
            m.put(a.substring(2), args[++i]);
        }
        return m;
    }

    private static String require(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            fail("--" + key + " is required");
        }
        return v;
    }

    private static void fail(String message) {
        System.out.println("FAILED " + message);
        System.out.flush();
        System.exit(2);
    }
}
