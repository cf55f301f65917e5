package io.foundation.launcher;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Client side of {@code bin/foundation exec}: sends one command to the node that owns a data directory and prints
 * the reply. Speaks the format of the shell bundle's {@code ExecProtocol}; exit status 0 is success, 1 a failed
 * command, 2 a refused token, 3 no reachable node or a malformed exchange.
 */
final class ExecClient {

    private static final byte[] MAGIC = {'F', 'D', 'X', '1'};
    private static final int NO_NODE = 3;

    private ExecClient() {
    }

    static int run(Path data, String command, PrintStream out, PrintStream err) {
        String port;
        String token;
        try {
            port = Files.readString(data.resolve("exec.port"), StandardCharsets.US_ASCII).strip();
            token = Files.readString(data.resolve("exec.token"), StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            err.println("no running node uses " + data + " (" + e.getFile() + " is missing)");
            return NO_NODE;
        } catch (IOException e) {
            err.println("cannot read the exec endpoint of " + data + ": " + e.getMessage());
            return NO_NODE;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port)), 5_000);
            DataOutputStream request = new DataOutputStream(socket.getOutputStream());
            byte[] tokenBytes = token.getBytes(StandardCharsets.US_ASCII);
            byte[] commandBytes = command.getBytes(StandardCharsets.UTF_8);
            request.write(MAGIC);
            request.writeShort(tokenBytes.length);
            request.write(tokenBytes);
            request.writeInt(commandBytes.length);
            request.write(commandBytes);
            request.flush();
            DataInputStream reply = new DataInputStream(socket.getInputStream());
            int status = reply.readUnsignedByte();
            int length = reply.readInt();
            if (length < 0) {
                err.println("malformed reply from the node");
                return NO_NODE;
            }
            String output = new String(reply.readNBytes(length), StandardCharsets.UTF_8);
            PrintStream target = status == 0 ? out : err;
            target.print(output.endsWith("\n") || output.isEmpty() ? output : output + "\n");
            return status;
        } catch (ConnectException e) {
            err.println("no node is listening for " + data + " on port " + port + " (did it stop?)");
            return NO_NODE;
        } catch (IOException | NumberFormatException e) {
            err.println("exec failed: " + e.getMessage());
            return NO_NODE;
        }
    }
}
