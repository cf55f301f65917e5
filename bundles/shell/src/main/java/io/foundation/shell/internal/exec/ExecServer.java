package io.foundation.shell.internal.exec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs shell commands for {@code bin/foundation exec}: listens on loopback only, on a random port written to
 * {@code <data>/exec.port}, and accepts a request only with the secret in {@code <data>/exec.token}, a file only
 * the node's OS user can read. Each run gets its own Gogo session; a bad request gets an error reply and a log
 * line, never a crash.
 */
@Component(immediate = true, service = {})
public final class ExecServer {

    static final String PORT_FILE = "exec.port";
    static final String TOKEN_FILE = "exec.token";

    private static final Logger LOG = LoggerFactory.getLogger(ExecServer.class);
    private static final int REQUEST_TIMEOUT_MS = 10_000;

    private final CommandProcessor processor;
    private final byte[] token;
    private final ServerSocket server;
    private final ThreadPoolExecutor workers;
    private final Path directory;

    @Activate
    public ExecServer(BundleContext context, @Reference CommandProcessor processor) throws IOException {
        this(dataDirectory(context), processor);
    }

    ExecServer(Path directory, CommandProcessor processor) throws IOException {
        this.processor = processor;
        this.directory = directory;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.token = HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        this.workers = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "foundation-exec");
            t.setDaemon(true);
            return t;
        });
        writePrivate(directory.resolve(TOKEN_FILE), new String(token, StandardCharsets.US_ASCII));
        writePrivate(directory.resolve(PORT_FILE), Integer.toString(server.getLocalPort()));
        Thread acceptor = new Thread(this::accept, "foundation-exec-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("exec endpoint on {}", server.getLocalSocketAddress());
    }

    @Deactivate
    void deactivate() throws IOException {
        server.close();
        workers.shutdownNow();
        Files.deleteIfExists(directory.resolve(PORT_FILE));
        Files.deleteIfExists(directory.resolve(TOKEN_FILE));
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                LOG.warn("exec: too many requests at once; closing connection from {}", socket.getRemoteSocketAddress());
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(REQUEST_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            ExecProtocol.Request request;
            try {
                request = ExecProtocol.read(in);
            } catch (IOException e) {
                LOG.warn("exec: bad request from {}: {}", socket.getRemoteSocketAddress(), e.getMessage());
                ExecProtocol.reply(out, ExecProtocol.BAD_REQUEST, "bad request: " + e.getMessage());
                return;
            }
            if (!MessageDigest.isEqual(token, request.token().getBytes(StandardCharsets.US_ASCII))) {
                LOG.warn("exec: refused a request from {}: wrong token", socket.getRemoteSocketAddress());
                ExecProtocol.reply(out, ExecProtocol.REFUSED, "refused: wrong token (is this the data directory of "
                        + "the running node?)");
                return;
            }
            socket.setSoTimeout(0);
            run(request.command(), out);
        } catch (IOException e) {
            LOG.debug("exec: connection ended: {}", e.toString());
        }
    }

    private void run(String command, DataOutputStream out) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8);
        CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), print, print);
        try {
            Object result = session.execute(command);
            if (result != null) {
                print.println(session.format(result, Converter.INSPECT));
            }
            ExecProtocol.reply(out, ExecProtocol.OK, output.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            ExecProtocol.reply(out, ExecProtocol.FAILED, output.toString(StandardCharsets.UTF_8) + message);
        } finally {
            session.close();
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("could not create " + temp, e);
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path dataDirectory(BundleContext context) {
        String data = context.getProperty("foundation.data");
        return data != null ? Path.of(data) : context.getDataFile("").toPath();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to tell the peer
        }
    }
}
