package dev.cohortsync.emulator.cli;

import dev.cohortsync.emulator.Emulator;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code serve}: every fake and the control API on one port until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the fake Amplitude, the fake Segment, the sync engine and the control API on one port.")
final class ServeCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "TCP port to listen on; 0 picks a free port and prints it. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Interface to bind. Default: ${DEFAULT-VALUE} (loopback only).")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    Emulator emulator = Emulator.create(cfg -> {
      cfg.port = port;
      cfg.host = host;
    }).start();
    System.out.println("listening on " + emulator.baseUri());
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.stop();
      stopped.countDown();
    }, "emulator-shutdown"));
    stopped.await();
    return 0;
  }
}
