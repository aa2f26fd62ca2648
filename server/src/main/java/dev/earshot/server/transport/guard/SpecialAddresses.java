package dev.earshot.server.transport.guard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Addresses a server must not fetch from on a client's behalf unless its operator allows private targets:
 * every block of IANA's IPv4 and IPv6 Special-Purpose Address Registries (private use, shared address space,
 * loopback, link-local, documentation, benchmarking, translation and tunnelling prefixes that embed an IPv4
 * address, anycast services, reserved space), plus multicast and the deprecated IPv6 site-local block. A
 * block the registries call globally reachable is refused too: none of them serves audio files, and some
 * (6to4, NAT64) reach private IPv4 addresses through a relay.
 */
public final class SpecialAddresses {
    /** Each block as written in the registries (IPv4 registry first, then IPv6), with what it is. */
    static final List<String> BLOCKS = List.of(
            "0.0.0.0/8 this network",
            "10.0.0.0/8 private use",
            "100.64.0.0/10 shared address space (carrier-grade NAT)",
            "127.0.0.0/8 loopback",
            "169.254.0.0/16 link local",
            "172.16.0.0/12 private use",
            "192.0.0.0/24 IETF protocol assignments",
            "192.0.2.0/24 documentation (TEST-NET-1)",
            "192.31.196.0/24 AS112-v4",
            "192.52.193.0/24 AMT",
            "192.88.99.0/24 deprecated 6to4 relay anycast",
            "192.168.0.0/16 private use",
            "192.175.48.0/24 direct delegation AS112 service",
            "198.18.0.0/15 benchmarking",
            "198.51.100.0/24 documentation (TEST-NET-2)",
            "203.0.113.0/24 documentation (TEST-NET-3)",
            "224.0.0.0/4 multicast",
            "240.0.0.0/4 reserved",
            "255.255.255.255/32 limited broadcast",
            "::/128 unspecified",
            "::1/128 loopback",
            "::/96 deprecated IPv4-compatible",
            "::ffff:0:0/96 IPv4-mapped",
            "64:ff9b::/96 IPv4-IPv6 translation",
            "64:ff9b:1::/48 IPv4-IPv6 translation, local use",
            "100::/64 discard-only",
            "100:0:0:1::/64 dummy prefix",
            "2001::/23 IETF protocol assignments",
            "2001::/32 Teredo",
            "2001:2::/48 benchmarking",
            "2001:3::/32 AMT",
            "2001:4:112::/48 AS112-v6",
            "2001:10::/28 deprecated ORCHID",
            "2001:20::/28 ORCHIDv2",
            "2001:30::/28 drone remote ID entity tags",
            "2001:db8::/32 documentation",
            "2002::/16 6to4",
            "2620:4f:8000::/48 direct delegation AS112 service",
            "3fff::/20 documentation",
            "5f00::/16 segment routing (SRv6) SIDs",
            "fc00::/7 unique local",
            "fe80::/10 link-local unicast",
            "fec0::/10 deprecated site-local",
            "ff00::/8 multicast");

    private static final List<Block> PARSED = BLOCKS.stream().map(Block::parse).toList();

    /** A prefix of an address, and what the registry calls it. */
    record Block(byte[] prefix, int bits, String name) {
        static Block parse(String line) {
            String cidr = line.substring(0, line.indexOf(' '));
            int slash = cidr.indexOf('/');
            try {
                String literal = cidr.substring(0, slash);
                byte[] prefix = InetAddress.getByName(literal).getAddress();
                if (literal.contains(":") && prefix.length == 4) {
                    // Java turns an IPv4-mapped literal into its IPv4 address; the block is an IPv6 one.
                    byte[] mapped = new byte[16];
                    mapped[10] = (byte) 0xFF;
                    mapped[11] = (byte) 0xFF;
                    System.arraycopy(prefix, 0, mapped, 12, 4);
                    prefix = mapped;
                }
                return new Block(prefix, Integer.parseInt(cidr.substring(slash + 1)), line.substring(line.indexOf(' ') + 1));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("not an address literal: " + cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private SpecialAddresses() {
    }

    /** The special-purpose block that holds this address, if any: its registry name, for the refusal. */
    public static java.util.Optional<String> blockOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        return PARSED.stream().filter(block -> block.contains(bytes)).map(Block::name).findFirst();
    }
}
