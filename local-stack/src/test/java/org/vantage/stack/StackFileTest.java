package org.vantage.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsThroughJson() throws Exception {
        StackFile file = new StackFile(
                "127.0.0.1:1",
                "http://127.0.0.1:2",
                dir.toString(),
                StackFile.RecordedProcess.of(ProcessHandle.current()),
                new StackFile.RecordedProcess(42, null),
                "/x/broker.log",
                Map.of("t", 3));
        file.write(dir);
        assertThat(StackFile.read(dir)).contains(file);
        assertThat(StackFile.read(dir.resolve("elsewhere"))).isEmpty();
    }

    @Test
    void aRecordedProcessIsLiveOnlyWhilePidAndStartTimeBothMatch() {
        StackFile.RecordedProcess me = StackFile.RecordedProcess.of(ProcessHandle.current());
        assertThat(me.live())
                .map(ProcessHandle::pid)
                .contains(ProcessHandle.current().pid());

        // same PID, different start time: a recycled PID, which `down` must never signal
        StackFile.RecordedProcess recycled = new StackFile.RecordedProcess(me.pid(), "2001-01-01T00:00:00Z");
        assertThat(recycled.live()).isEmpty();
    }

    @Test
    void aCorruptFileSaysWhatToDo() throws Exception {
        Files.writeString(StackFile.path(dir), "{ not json");
        assertThatThrownBy(() -> StackFile.read(dir)).hasMessageContaining("delete it if no stack runs");
    }
}
