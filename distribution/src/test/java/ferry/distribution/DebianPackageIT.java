package ferry.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import ferry.core.testing.Peers;
import ferry.core.testing.ToolRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ferry_VERSION_all.deb as dpkg sees it: its control fields, conffile, maintainer scripts and files. Installing it
 * (user, folders, service run as the unit does, remove and purge) is done by {@code .ci/run}, as root, with
 * {@code distribution/src/test/sh/installed-package.sh}.
 */
class DebianPackageIT {
    @Test
    void controlFieldsNameTheJavaRuntimeAndTheConffile() throws IOException {
        String info = dpkgDeb("--info");
        assertThat(info).contains("Package: ferry", "Architecture: all", "java17-runtime-headless");
        assertThat(info).containsPattern("Version: \\d+\\.\\d+\\.\\d+");
        assertThat(dpkgDeb("--field", "Depends")).contains("default-jre-headless (>= 2:1.17)", "adduser");
        assertThat(controlFile("conffiles")).isEqualTo("/etc/ferry/ferry.yaml\n");
        assertThat(controlFile("postinst")).contains("adduser --system", "/var/lib/ferry", "/var/log/ferry");
        assertThat(controlFile("postrm")).contains("purge)", "rm -rf /var/lib/ferry");
    }

    @Test
    void installsTheCommandTheJarsTheConfigurationAndAHardenedUnit() throws IOException {
        String contents = dpkgDeb("--contents");
        assertThat(contents).contains("./usr/bin/ferry", "./usr/share/ferry/bin/ferry", "./etc/ferry/ferry.yaml",
                "./lib/systemd/system/ferry.service", "./usr/share/doc/ferry/copyright",
                "./usr/share/doc/ferry/THIRD-PARTY.md");
        assertThat(contents).containsPattern("\\./usr/share/ferry/lib/router-[^ ]+\\.jar");
        assertThat(contents).containsPattern("-rwxr-xr-x root/root +\\d+ [^\\n]+ \\./usr/bin/ferry");
        assertThat(contents).as("no data folders in the package: postinst makes them, purge removes them")
                .doesNotContain("./var/lib/ferry");
        String unit = extracted("lib/systemd/system/ferry.service");
        assertThat(unit).contains("User=ferry", "ExecStart=/usr/bin/ferry run --config /etc/ferry/ferry.yaml",
                "ProtectSystem=strict", "ReadWritePaths=/var/lib/ferry /var/log/ferry", "NoNewPrivileges=true",
                "AmbientCapabilities=CAP_NET_BIND_SERVICE", "RuntimeDirectory=ferry",
                "Environment=FERRY_RUNTIME_DIR=/run/ferry");
        String config = extracted("etc/ferry/ferry.yaml");
        assertThat(config).contains("data-directory: /var/lib/ferry", "/var/log/ferry/ferry.log");
        assertThat(extracted("usr/bin/ferry")).contains("/usr/share/ferry/bin/ferry", "FERRY_CONFIG",
                "FERRY_RUNTIME_DIR:=/run/ferry");
    }

    /** {@code dpkg-deb OPTION PACKAGE ARGUMENTS...}'s output. */
    private static String dpkgDeb(String option, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Peers.requireExecutable("dpkg-deb", "apt-get install dpkg").toString(), option,
                Artifacts.deb().toString()));
        command.addAll(List.of(arguments));
        ToolRun run = ToolRun.run(Duration.ofMinutes(1), command);
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run.out(StandardCharsets.UTF_8);
    }

    /** A file of the package's control part (a maintainer script, conffiles). */
    private static String controlFile(String name) throws IOException {
        return dpkgDeb("--info", name);
    }

    /** A file of the package's data, read with {@code dpkg-deb --fsys-tarfile} and tar. */
    private static String extracted(String path) throws IOException {
        ToolRun run = ToolRun.run(Duration.ofMinutes(1), List.of("sh", "-c",
                "dpkg-deb --fsys-tarfile \"$0\" | tar -xOf - \"./$1\"", Artifacts.deb().toString(), path));
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run.out(StandardCharsets.UTF_8);
    }
}
