package dev.earshot.server.transport.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every block of the special-purpose registries is refused, at its first and its last address, and the
 * addresses around them that belong to no block are fetched from. Only address literals: no traffic, no DNS.
 */
@Timeout(10)
class SpecialAddressesTest {
    @Test
    void theFirstAndLastAddressOfEveryBlockAreRefused() throws Exception {
        List<String> missed = new ArrayList<>();
        for (String line : SpecialAddresses.BLOCKS) {
            String cidr = line.substring(0, line.indexOf(' '));
            for (InetAddress edge : List.of(first(cidr), last(cidr))) {
                if (SpecialAddresses.blockOf(edge).isEmpty()) {
                    missed.add(edge.getHostAddress() + " of " + cidr);
                }
            }
        }
        assertThat(missed).isEmpty();
        assertThat(SpecialAddresses.BLOCKS).as("the registries' blocks and the two extras").hasSize(44);
    }

    @Test
    void eachRefusalNamesItsBlock() throws Exception {
        assertThat(SpecialAddresses.blockOf(InetAddress.getByName("100.64.0.1")))
                .contains("shared address space (carrier-grade NAT)");
        assertThat(SpecialAddresses.blockOf(InetAddress.getByName("100.127.255.255")))
                .contains("shared address space (carrier-grade NAT)");
        assertThat(SpecialAddresses.blockOf(InetAddress.getByName("169.254.169.254"))).contains("link local");
        assertThat(SpecialAddresses.blockOf(InetAddress.getByName("fd00:ec2::254"))).contains("unique local");
        assertThat(SpecialAddresses.blockOf(InetAddress.getByName("::ffff:10.0.0.1"))).as("Java unmaps it")
                .contains("private use");
        assertThat(SpecialAddresses.blockOf(InetAddress.getByName("64:ff9b::a00:1"))).contains("IPv4-IPv6 translation");
        assertThat(SpecialAddresses.blockOf(InetAddress.getByName("2002:a00:1::"))).contains("6to4");
    }

    /** Just outside a block, and ordinary public addresses, are fetched from. */
    @Test
    void addressesOutsideEveryBlockAreAllowed() throws Exception {
        List<String> publicAddresses = List.of("100.63.255.255", "100.128.0.0", "9.255.255.255", "11.0.0.0",
                "172.15.255.255", "172.32.0.0", "192.167.255.255", "192.169.0.0", "198.17.255.255", "198.20.0.0",
                "223.255.255.255", "8.8.8.8", "1.1.1.1", "2606:4700::1111", "2a00:1450:4001::1", "2001:4860::8888",
                "2001:200::1", "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fe00::", "2620:4f:7fff:ffff::1",
                "3fff:1000::", "5eff:ffff::1");
        List<String> refused = new ArrayList<>();
        for (String address : publicAddresses) {
            SpecialAddresses.blockOf(InetAddress.getByName(address)).ifPresent(block -> refused.add(address + ": " + block));
        }
        assertThat(refused).isEmpty();
    }

    private static InetAddress first(String cidr) throws Exception {
        return InetAddress.getByAddress(bytes(cidr, false));
    }

    private static InetAddress last(String cidr) throws Exception {
        return InetAddress.getByAddress(bytes(cidr, true));
    }

    /** The block's lowest or highest address; IPv4-mapped blocks stay 16 bytes (Java would unmap a literal). */
    private static byte[] bytes(String cidr, boolean highest) throws Exception {
        int slash = cidr.indexOf('/');
        String literal = cidr.substring(0, slash);
        int bits = Integer.parseInt(cidr.substring(slash + 1));
        byte[] prefix = InetAddress.getByName(literal).getAddress();
        int length = literal.contains(":") ? 16 : 4;
        byte[] address = new byte[length];
        System.arraycopy(prefix, 0, address, length - prefix.length, prefix.length);
        if (length == 16 && prefix.length == 4) {
            address[10] = (byte) 0xFF;
            address[11] = (byte) 0xFF;
        }
        BigInteger value = new BigInteger(1, address);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(length * 8 - bits).subtract(BigInteger.ONE);
        value = highest ? value.or(hostMask) : value.andNot(hostMask);
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
