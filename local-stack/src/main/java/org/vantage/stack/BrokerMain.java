package org.vantage.stack;

/**
 * Entry point of the broker child JVM: runs {@code kafka.Kafka} and exits when the parent goes away.
 *
 * <p>The parent keeps the child's standard input open as a pipe; the operating system closes it when the
 * parent dies for any reason, including SIGKILL. Reading end-of-file here then exits the JVM, which runs
 * Kafka's own shutdown hook, so a crashed test run or a killed {@code up} never leaves an orphan broker.
 *
 * <p>SIGINT is ignored: Ctrl-C in a terminal reaches the whole process group, and the parent must stop
 * its clients (the schema registry) before the broker goes away. SIGTERM still stops the broker.
 */
public final class BrokerMain {

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {});
        Thread watchdog = new Thread(
                () -> {
                    try {
                        while (System.in.read() >= 0) {
                            // the parent never writes; anything read is ignored
                        }
                    } catch (java.io.IOException e) {
                        // a broken pipe means the same as end-of-file
                    }
                    System.err.println("vantage: parent process is gone, shutting the broker down");
                    System.exit(0);
                },
                "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }
}
