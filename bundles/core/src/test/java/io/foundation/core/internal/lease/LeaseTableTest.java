package io.foundation.core.internal.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.foundation.core.internal.lease.LeaseTable.Entry;
import io.foundation.core.internal.lease.LeaseTable.Verdict;

class LeaseTableTest {

    private final LeaseTable table = new LeaseTable();

    private Verdict run(byte[] command) {
        return LeaseTable.verdict(table.apply(command, 0, command.length, true));
    }

    @Test
    void aFreeLeaseGoesToTheFirstClaimantWithANewFence() {
        Verdict first = run(LeaseTable.acquire("s", "a", "", 0, 2000));

        assertThat(first.done()).isTrue();
        assertThat(first.entry()).isEqualTo(new Entry("a", 1, 1, 2000));
        assertThat(run(LeaseTable.acquire("s", "b", "", 0, 2000)).done()).isFalse();
        assertThat(table.get("s").holder()).isEqualTo("a");
    }

    @Test
    void takingOverNeedsTheHolderAndRenewalsTheClaimantRead() {
        run(LeaseTable.acquire("s", "a", "", 0, 2000));
        Entry read = table.get("s");
        run(LeaseTable.renew("s", "a"));

        Verdict stale = run(LeaseTable.acquire("s", "b", read.holder(), read.renewals(), 2000));
        assertThat(stale.done()).isFalse();
        assertThat(stale.entry()).isEqualTo(new Entry("a", 1, 2, 2000));

        Verdict fresh = run(LeaseTable.acquire("s", "b", "a", stale.entry().renewals(), 3000));
        assertThat(fresh.done()).isTrue();
        assertThat(fresh.entry()).isEqualTo(new Entry("b", 2, 3, 3000));
    }

    @Test
    void heldByListsOnlyTheLeasesANodeHoldsNow() {
        run(LeaseTable.acquire("s", "a", "", 0, 2000));
        run(LeaseTable.acquire("t", "a", "", 0, 2000));
        run(LeaseTable.acquire("u", "b", "", 0, 2000));
        run(LeaseTable.release("t", "a"));

        assertThat(table.heldBy("a")).containsExactly("s");
        assertThat(table.heldBy("b")).containsExactly("u");
        assertThat(table.heldBy("c")).isEmpty();
    }

    @Test
    void onlyTheHolderRenewsAndEveryRenewalCounts() {
        run(LeaseTable.acquire("s", "a", "", 0, 2000));

        assertThat(run(LeaseTable.renew("s", "b")).done()).isFalse();
        assertThat(run(LeaseTable.renew("s", "a")).entry().renewals()).isEqualTo(2);
        assertThat(run(LeaseTable.renew("s", "a")).entry().renewals()).isEqualTo(3);
        assertThat(run(LeaseTable.renew("other", "a")).done()).isFalse();
    }

    @Test
    void theHolderTakingItAgainKeepsTheFenceButCountsARenewal() {
        run(LeaseTable.acquire("s", "a", "", 0, 2000));
        Entry read = table.get("s");

        Verdict again = run(LeaseTable.acquire("s", "a", "", 0, 2000));

        assertThat(again.entry()).isEqualTo(new Entry("a", 1, 2, 2000));
        assertThat(run(LeaseTable.acquire("s", "b", read.holder(), read.renewals(), 2000)).done()).isFalse();
    }

    @Test
    void releaseFreesTheLeaseAndTheFenceKeepsGrowing() {
        run(LeaseTable.acquire("s", "a", "", 0, 2000));

        assertThat(run(LeaseTable.release("s", "b")).done()).isFalse();
        assertThat(run(LeaseTable.release("s", "a")).done()).isTrue();
        assertThat(table.get("s").free()).isTrue();

        assertThat(run(LeaseTable.acquire("s", "b", "", 0, 2000)).entry().fence()).isEqualTo(2);
        run(LeaseTable.release("s", "b"));
        assertThat(run(LeaseTable.acquire("s", "a", "", 0, 2000)).entry().fence()).isEqualTo(3);
    }

    @Test
    void aSnapshotRestoresTheSameTable() throws IOException {
        run(LeaseTable.acquire("s", "a", "", 0, 2000));
        run(LeaseTable.acquire("t", "b", "", 0, 1000));
        run(LeaseTable.release("t", "b"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        table.writeContentTo(new DataOutputStream(bytes));

        LeaseTable copy = new LeaseTable();
        copy.readContentFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(copy.get("s")).isEqualTo(table.get("s"));
        assertThat(copy.get("t")).isEqualTo(table.get("t"));
        assertThat(copy.get("t").fence()).isEqualTo(1);
    }

    @Test
    void badCommandsAreRejectedAndLeaveTheTableAsItWas() {
        run(LeaseTable.acquire("s", "a", "", 0, 2000));
        byte[] good = LeaseTable.renew("s", "a");
        Entry before = table.get("s");

        assertThatThrownBy(() -> table.apply(good, 0, good.length - 1, true)).hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> table.apply(longer, 0, longer.length, true)).hasMessageContaining("trailing");
        byte[] unknown = good.clone();
        unknown[0] = 9;
        assertThatThrownBy(() -> table.apply(unknown, 0, unknown.length, true)).hasMessageContaining("unknown");
        byte[] oversized = good.clone();
        oversized[1] = (byte) 0xff;
        assertThatThrownBy(() -> table.apply(oversized, 0, oversized.length, true))
                .hasMessageContaining("lease text");
        assertThatThrownBy(() -> table.apply(new byte[0], 0, 0, true)).hasMessageContaining("truncated");
        byte[] noDuration = LeaseTable.acquire("s", "b", "", 0, 1);
        noDuration[noDuration.length - 1] = 0;
        assertThatThrownBy(() -> table.apply(noDuration, 0, noDuration.length, true))
                .hasMessageContaining("duration");

        assertThat(table.get("s")).isEqualTo(before);
    }

    @Test
    void badSnapshotsAndAnswersAreRejected() {
        LeaseTable copy = new LeaseTable();
        assertThatThrownBy(() -> copy.readContentFrom(new DataInputStream(new ByteArrayInputStream(
                new byte[] {(byte) 0xff, 0, 0, 0})))).hasMessageContaining("entries");
        assertThatThrownBy(() -> copy.readContentFrom(new DataInputStream(new ByteArrayInputStream(
                new byte[] {0, 0, 0, 1, 0, 1})))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> LeaseTable.verdict(new byte[] {1})).hasMessageContaining("truncated");
        assertThatThrownBy(() -> LeaseTable.verdict(new byte[] {7, 0, 0})).hasMessageContaining("flag");
        assertThatThrownBy(() -> LeaseTable.acquire("", "a", "", 0, 1)).hasMessageContaining("empty");
    }
}
