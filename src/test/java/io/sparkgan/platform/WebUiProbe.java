package io.sparkgan.platform;

import io.sparkgan.config.ConfigLoader;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/**
 * A driver JVM for {@link SparkContextsTest}: opens the embedded context of conf/ring8.conf with the given
 * overrides, prints its web UI's address ("ui URL" or "ui none") and whether the UI's port accepts connections on
 * loopback and on each other address of this machine ("loopback open", "other 10.0.0.5 refused"), then stops it.
 */
public final class WebUiProbe {
    private WebUiProbe() {
    }

    public static void main(String[] args) {
        try (SparkContexts.Handle spark = SparkContexts.open(ConfigLoader.load(Path.of("conf/ring8.conf"),
                List.of(args)))) {
            scala.Option<String> url = spark.context().sc().uiWebUrl();
            System.out.println("ui " + (url.isEmpty() ? "none" : url.get()));
            if (url.isEmpty()) {
                return;
            }
            int port = URI.create(url.get()).getPort();
            System.out.println("loopback " + state(InetAddress.getLoopbackAddress(), port));
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        System.out.println("other " + address.getHostAddress() + " " + state(address, port));
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String state(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return "open";
        } catch (IOException e) {
            return "refused";
        }
    }
}
