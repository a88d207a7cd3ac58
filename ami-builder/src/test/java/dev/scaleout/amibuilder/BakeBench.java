package dev.scaleout.amibuilder;

import dev.scaleout.support.testing.MotoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * scripts/bench-ami-builder: wall time of a first bake and of a re-run, each a fresh JVM (as
 * a user runs it), against moto and the Image Builder fake with instant states, so all of it
 * is the tool's own time; the AWS calls of each; and the JVM running `--help` as reference.
 */
public final class BakeBench {

    record Sample(long millis, String output) {
        long cpu() {
            Matcher m = Pattern.compile("bench: cpu (\\d+) ms").matcher(output);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "5"));
        Path bundle = Path.of(args[0]);
        Path jar = args.length > 1 ? Path.of(args[1]) : null;
        List<Long> help = new ArrayList<>();
        List<Long> helpCpu = new ArrayList<>();
        List<Long> firstCpu = new ArrayList<>();
        List<Long> againCpu = new ArrayList<>();
        List<Long> jarHelp = new ArrayList<>();
        List<Long> first = new ArrayList<>();
        List<Long> again = new ArrayList<>();
        String firstCalls = "";
        String againCalls = "";
        try (MotoServer moto = MotoServer.start();
                ImageBuilderFake imageBuilder = new ImageBuilderFake(MotoServer.REGION)) {
            Ec2Client ec2 = moto.clients().build(Ec2Client.builder());
            String motoUrl = moto.endpoint().toString();
            String fakeUrl = imageBuilder.server.baseUrl();
            for (int i = 0; i < runs; i++) {
                moto.reset();
                imageBuilder.reset();
                String version =
                        dev.scaleout.amibuilder.bundle.BundleReader.read(bundle).appVersion();
                AppVersion v = AppVersion.parse(version);
                String sha8 =
                        dev.scaleout.amibuilder.bundle.BundleReader.read(bundle).shortSha();
                String recipe = "scaleout-golden" + v.nameSuffix(sha8);
                String ami = Ec2Fixtures.goldenAmi(ec2, "scaleout", version, "none");
                imageBuilder.nextBuild(
                        imageBuilder.arnBase() + "image/" + recipe + "/" + v.semantic() + "/1",
                        List.of("PENDING", "BUILDING", "TESTING", "DISTRIBUTING", "AVAILABLE"),
                        ami,
                        null);

                Sample h = run(concat(
                        jvm(), List.of("-cp", System.getProperty("java.class.path"), BenchChild.Help.class.getName())));
                help.add(h.millis());
                helpCpu.add(h.cpu());
                if (jar != null) {
                    jarHelp.add(run(List.of(java(), "-jar", jar.toString(), "--help"))
                            .millis());
                }
                Sample s1 = run(bake(motoUrl, fakeUrl, bundle));
                check(s1, ami);
                first.add(s1.millis());
                firstCpu.add(s1.cpu());
                firstCalls = calls(s1.output());
                imageBuilder.remember();
                ec2.createTags(b ->
                        b.resources(ami).tags(t -> t.key(Tags.RECIPE_VERSION).value(recipe + "/" + v.semantic())));
                Sample s2 = run(bake(motoUrl, fakeUrl, bundle));
                if (System.getenv("BENCH_TRACE") != null) {
                    System.err.println(s2.output());
                }
                check(s2, ami);
                again.add(s2.millis());
                againCpu.add(s2.cpu());
                againCalls = calls(s2.output());
                System.err.printf(
                        "# run %d: help %d ms, bake %d ms, re-run %d ms%n",
                        i + 1, help.get(i), s1.millis(), s2.millis());
            }
        }
        long ref = median(help);
        long refCpu = median(helpCpu);
        System.out.printf(
                "ami-builder benchmark: %d runs, medians; a fresh JVM per run; moto + Image Builder fake, states instant%n",
                runs);
        System.out.printf(
                "  bundle %s (%d KiB); load average %s%n",
                bundle.getFileName(),
                Files.size(bundle) / 1024,
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        System.out.printf("  %-40s %8s %6s %9s %6s%n", "", "wall", "ratio", "CPU", "ratio");
        System.out.printf(
                "  %-40s %5d ms %6s %6d ms %6s  (reference)%n",
                "JVM start + --help (same classpath)", ref, "1.0x", refCpu, "1.0x");
        if (!jarHelp.isEmpty()) {
            System.out.printf(
                    "  %-40s %5d ms %5.1fx%n",
                    "java -jar ami-builder.jar --help", median(jarHelp), median(jarHelp) / (double) ref);
        }
        System.out.printf(
                "  %-40s %5d ms %5.1fx %6d ms %5.1fx  %s%n",
                "bake, first (creates everything)",
                median(first),
                median(first) / (double) ref,
                median(firstCpu),
                median(firstCpu) / (double) refCpu,
                firstCalls);
        System.out.printf(
                "  %-40s %5d ms %5.1fx %6d ms %5.1fx  %s%n",
                "bake, re-run (reuses everything)",
                median(again),
                median(again) / (double) ref,
                median(againCpu),
                median(againCpu) / (double) refCpu,
                againCalls);
        System.out.printf(
                "  goal: re-run under 5000 ms of the tool's own time: %s%n", median(again) < 5000 ? "met" : "NOT met");
    }

    /** BENCH_JVM_OPTS: extra flags for every child JVM (e.g. -XX:TieredStopAtLevel=1), to see what start-up costs. */
    static List<String> jvm() {
        List<String> command = new ArrayList<>(List.of(java()));
        String opts = System.getenv("BENCH_JVM_OPTS");
        if (opts != null && !opts.isBlank()) {
            command.addAll(List.of(opts.trim().split("\\s+")));
        }
        return command;
    }

    static List<String> bake(String moto, String fake, Path bundle) {
        return concat(
                jvm(),
                List.of(
                        "-cp",
                        System.getProperty("java.class.path"),
                        BenchChild.class.getName(),
                        moto,
                        fake,
                        "bake",
                        "--region",
                        MotoServer.REGION,
                        "--bundle",
                        bundle.toString(),
                        "--yes"));
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static void check(Sample s, String ami) {
        if (!s.output().contains("\n" + ami + "\n")) {
            throw new IllegalStateException("bake did not print " + ami + ":\n" + s.output());
        }
    }

    static String calls(String output) {
        Matcher m = Pattern.compile("AWS calls: (\\d+ \\(\\d+ reads, \\d+ mutating\\))")
                .matcher(output);
        return m.find() ? "AWS calls " + m.group(1) : "?";
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Sample run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("bench", ".out");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        int exit = p.waitFor();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String output = Files.readString(out);
        Files.delete(out);
        if (exit != 0) {
            throw new IllegalStateException(command + " exited " + exit + ":\n" + output);
        }
        return new Sample(millis, output);
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
