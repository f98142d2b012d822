package io.parcours.io.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parcours.model.Event;
import io.parcours.model.ParcoursException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What is kept of the IP address in an event's context.ip, under each policy. */
class IpAddressesTest {
    private static Event withContext(String context) {
        return new Event("m1", io.parcours.model.EventType.PAGE, "Home", Optional.of("ana"), Optional.empty(), 1, 2, "{}",
                "{}", context, Optional.empty(), Optional.empty());
    }

    @Test
    void addressesAreTruncatedToTheirNetwork() {
        assertThat(IpAddresses.truncate("192.168.17.42")).contains("192.168.17.0");
        assertThat(IpAddresses.truncate("8.8.8.8")).contains("8.8.8.0");
        assertThat(IpAddresses.truncate("2001:db8:85a3:8d3:1319:8a2e:370:7348")).contains("2001:db8:85a3::");
        assertThat(IpAddresses.truncate("2001:DB8::1")).contains("2001:db8:0::");
        assertThat(IpAddresses.truncate("::1")).contains("0:0:0::");
        assertThat(IpAddresses.truncate("::ffff:203.0.113.9")).contains("0:0:0::");
        assertThat(IpAddresses.truncate("fe80::1%eth0")).contains("fe80:0:0::");
        for (String notAnAddress : new String[] {"", "999.1.1.1", "1.2.3", "localhost", "1:2:3:4:5:6:7:8:9", "1::2::3",
                "12345::", "g::1", "1.2.3.4.5"}) {
            assertThat(IpAddresses.truncate(notAnAddress)).as(notAnAddress).isEmpty();
        }
    }

    @Test
    void eachPolicyStoresWhatItSays() {
        Event sent = withContext("{\"ip\": \"203.0.113.77\", \"locale\": \"fr-FR\"}");
        assertThat(IpAddresses.TRUNCATE.apply(sent).context()).isEqualTo("{\"ip\":\"203.0.113.0\",\"locale\":\"fr-FR\"}");
        assertThat(IpAddresses.DROP.apply(sent).context()).isEqualTo("{\"locale\":\"fr-FR\"}");
        assertThat(IpAddresses.KEEP.apply(sent)).isSameAs(sent);
        // Anything that is not an address is dropped rather than kept as sent.
        assertThat(IpAddresses.TRUNCATE.apply(withContext("{\"ip\": \"call me at 555-0100\"}")).context()).isEqualTo("{}");
        assertThat(IpAddresses.TRUNCATE.apply(withContext("{\"ip\": 3405803776}")).context()).isEqualTo("{}");
        // Only context.ip: a property named ip elsewhere is the sender's business.
        Event nested = withContext("{\"device\": {\"ip\": \"203.0.113.77\"}}");
        assertThat(IpAddresses.TRUNCATE.apply(nested)).isSameAs(nested);
        Event without = withContext("{\"locale\": \"en\"}");
        assertThat(IpAddresses.DROP.apply(without)).isSameAs(without);
    }

    @Test
    void policiesAreNamedInConfiguration() {
        assertThat(IpAddresses.fromId("drop")).isEqualTo(IpAddresses.DROP);
        assertThatThrownBy(() -> IpAddresses.fromId("hash")).isInstanceOf(ParcoursException.class)
                .hasMessageContaining("drop, truncate or keep");
    }
}
