package io.murmuration.deploy.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The command line behind {@code deploy/bin/kafka-broker}: start a detached broker, stop it by
 * its pid file, ask whether one answers, create the project's topics, and produce records from
 * standard input (demo data).
 *
 * <p>Exit codes: 0 done (or nothing to do), 1 failed or not answering, 2 bad usage.
 */
public final class KafkaBrokerCli {

    static final String USAGE = String.join("\n",
            "usage: kafka-broker start  --data DIR [--host 127.0.0.1] [--port 9092] [--controller-port 9093]",
            "                           [--log FILE] [--pid-file FILE] [--timeout-seconds 120]",
            "                           (log and pid file default to DIR/kafka.log and DIR/kafka.pid)",
            "       kafka-broker stop   --pid-file FILE [--timeout-seconds 60]",
            "       kafka-broker status [--bootstrap 127.0.0.1:9092]",
            "       kafka-broker topics [--bootstrap 127.0.0.1:9092]",
            "       kafka-broker produce --topic TOPIC [--bootstrap 127.0.0.1:9092] [--key-field FIELD]",
            "                           (one record per line of standard input; the key is the line's",
            "                           top-level string field FIELD, if given)");

    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "start", Set.of("data", "host", "port", "controller-port", "log", "pid-file", "timeout-seconds"),
            "stop", Set.of("pid-file", "timeout-seconds"),
            "status", Set.of("bootstrap"),
            "topics", Set.of("bootstrap"),
            "produce", Set.of("bootstrap", "topic", "key-field"));

    private final PrintStream out;
    private final PrintStream err;

    private KafkaBrokerCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // The admin client's retries while Kafka is down are expected here, not worth a warning each.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka",
                System.getProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error"));
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !OPTIONS.containsKey(args[0])) {
            err.println(args.length == 0 ? "no command given" : "unknown command: " + args[0]);
            err.println(USAGE);
            return 2;
        }
        Map<String, String> options;
        try {
            options = parse(args, OPTIONS.get(args[0]));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        KafkaBrokerCli cli = new KafkaBrokerCli(out, err);
        try {
            switch (args[0]) {
                case "start":
                    return cli.start(options);
                case "stop":
                    return cli.stop(options);
                case "status":
                    return cli.status(options);
                case "produce":
                    return cli.produce(options, System.in);
                default:
                    return cli.topics(options);
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (KafkaBroker.StartFailedException | IllegalStateException | UncheckedIOException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private int start(Map<String, String> options) {
        Path data = Paths.get(required(options, "data"));
        String host = options.getOrDefault("host", "127.0.0.1");
        int port = number(options, "port", 9092);
        int controllerPort = number(options, "controller-port", 9093);
        Path log = Paths.get(options.getOrDefault("log", data.resolve("kafka.log").toString()));
        Path pidFile = Paths.get(options.getOrDefault("pid-file", data.resolve("kafka.pid").toString()));
        Duration timeout = Duration.ofSeconds(number(options, "timeout-seconds", 120));

        KafkaBroker broker = new KafkaBroker(data, host, port, controllerPort, log, out::println);
        if (KafkaBroker.isAnswering(broker.bootstrapServers())) {
            out.println("Kafka already answering on " + broker.bootstrapServers() + "; nothing to start");
            return 0;
        }
        long started = System.nanoTime();
        long pid = broker.startDetached(timeout, pidFile);
        out.printf("Kafka ready on %s (pid %d, %.1f s)%n", broker.bootstrapServers(), pid,
                (System.nanoTime() - started) / 1e9);
        out.println("  log " + log.toAbsolutePath().normalize() + ", pid file " + pidFile.toAbsolutePath().normalize());
        return 0;
    }

    private int stop(Map<String, String> options) {
        Path pidFile = Paths.get(required(options, "pid-file"));
        Duration grace = Duration.ofSeconds(number(options, "timeout-seconds", 60));
        if (!Files.exists(pidFile)) {
            out.println("no pid file at " + pidFile + "; nothing to stop");
            return 0;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(pidFile + " does not hold a process id");
        }
        long started = System.nanoTime();
        boolean wasRunning;
        try {
            wasRunning = KafkaBroker.stopProcess(pid, grace);
        } catch (IllegalArgumentException notKafka) {
            err.println(notKafka.getMessage() + "; " + pidFile + " is stale");
            return 1;
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (wasRunning) {
            out.printf("Kafka (pid %d) stopped in %.1f s%n", pid, (System.nanoTime() - started) / 1e9);
        } else {
            out.println("Kafka (pid " + pid + ") was not running; removed " + pidFile);
        }
        return 0;
    }

    private int status(Map<String, String> options) {
        String bootstrap = options.getOrDefault("bootstrap", "127.0.0.1:9092");
        if (KafkaBroker.isAnswering(bootstrap)) {
            out.println("Kafka answering on " + bootstrap);
            return 0;
        }
        out.println("Kafka not answering on " + bootstrap);
        return 1;
    }

    private int topics(Map<String, String> options) {
        String bootstrap = options.getOrDefault("bootstrap", "127.0.0.1:9092");
        if (!KafkaBroker.isAnswering(bootstrap)) {
            err.println("Kafka not answering on " + bootstrap + "; start it first (kafka-broker start)");
            return 1;
        }
        Topics.Outcome outcome = Topics.ensureProjectTopics(bootstrap);
        int width = Topics.PROJECT_TOPICS.keySet().stream().mapToInt(String::length).max().orElse(0);
        Topics.PROJECT_TOPICS.forEach((topic, wanted) -> {
            String name = String.format("%-" + width + "s", topic);
            if (outcome.created().containsKey(topic)) {
                out.printf("%s  created          %3d partitions%n", name, outcome.created().get(topic));
            } else {
                int actual = outcome.alreadyPresent().get(topic);
                out.printf("%s  already present  %3d partitions%s%n", name, actual,
                        actual == wanted ? "" : " (wanted " + wanted + "; left as it is)");
            }
        });
        return 0;
    }

    private int produce(Map<String, String> options, InputStream in) {
        String bootstrap = options.getOrDefault("bootstrap", "127.0.0.1:9092");
        String topic = required(options, "topic");
        Optional<String> keyField = Optional.ofNullable(options.get("key-field"));
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        int count = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
             KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            for (String next = lines.readLine(); next != null; next = lines.readLine()) {
                String line = next;
                if (line.isBlank()) {
                    continue;
                }
                String key = keyField.flatMap(field -> keyOf(line, field)).orElse(null);
                sends.add(producer.send(new ProducerRecord<>(topic, key, line)));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get();
                count++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("producing to " + topic + " on " + bootstrap + " failed: " + e.getMessage(), e);
        }
        out.println("produced " + count + " records to " + topic);
        return 0;
    }

    /** The value of a top-level string field of a JSON line, found without a JSON library (this tool has none). */
    static Optional<String> keyOf(String jsonLine, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"\\\\]*)\"").matcher(jsonLine);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static Map<String, String> parse(String[] args, Set<String> allowed) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            String key;
            String value;
            int equals = arg.indexOf('=');
            if (equals > 0) {
                key = arg.substring(2, equals);
                value = arg.substring(equals + 1);
            } else {
                key = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                value = args[++i];
            }
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown option for " + args[0] + ": --" + key);
            }
            options.put(key, value);
        }
        return options;
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + key + " is required");
        }
        return value;
    }

    private static int number(Map<String, String> options, String key, int fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a whole number, not " + value);
        }
    }
}
