package dev.scaleout.app.ec2meta;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * IMDS blackholed, on loopback: a server that accepts connections and never answers, the way a
 * filtered 169.254.169.254 hangs a client that has no timeout.
 */
public class SilentImdsResource implements QuarkusTestResourceLifecycleManager {

    private ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try {
                            held.add(server.accept()); // keep it open, read nothing, write nothing
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "silent-imds");
        acceptor.setDaemon(true);
        acceptor.start();
        return Map.of(
                "ec2meta.imds.endpoint", "http://127.0.0.1:" + server.getLocalPort(), "ec2meta.imds.disabled", "false");
    }

    @Override
    public void stop() {
        try {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
