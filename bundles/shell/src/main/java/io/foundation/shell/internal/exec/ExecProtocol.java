package io.foundation.shell.internal.exec;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The wire format between {@code bin/foundation exec} and {@link ExecServer}. Request: the magic {@code FDX1},
 * a 2-byte length and the token, a 4-byte length and the command in UTF-8. Reply: one status byte, a 4-byte length
 * and the output in UTF-8. The launcher's client speaks the same format.
 */
final class ExecProtocol {

    static final byte[] MAGIC = {'F', 'D', 'X', '1'};
    static final int MAX_TOKEN = 128;
    static final int MAX_COMMAND = 1 << 20;

    static final byte OK = 0;
    static final byte FAILED = 1;
    static final byte REFUSED = 2;
    static final byte BAD_REQUEST = 3;

    private ExecProtocol() {
    }

    /** A request that was read; throws {@link IOException} naming what is malformed. */
    record Request(String token, String command) {
    }

    static Request read(DataInputStream in) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an exec request (bad magic)");
        }
        int tokenLength = in.readUnsignedShort();
        if (tokenLength > MAX_TOKEN) {
            throw new IOException("token of " + tokenLength + " bytes is too long");
        }
        String token = new String(in.readNBytes(tokenLength), StandardCharsets.US_ASCII);
        int commandLength = in.readInt();
        if (commandLength < 0 || commandLength > MAX_COMMAND) {
            throw new IOException("command length " + commandLength + " is out of range");
        }
        byte[] command = in.readNBytes(commandLength);
        if (command.length != commandLength) {
            throw new IOException("request ended early");
        }
        return new Request(token, new String(command, StandardCharsets.UTF_8));
    }

    static void reply(DataOutputStream out, byte status, String output) throws IOException {
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        out.writeByte(status);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }
}
