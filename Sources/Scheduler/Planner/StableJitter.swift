/// A per-trigger delay that is the same in every process and on every host, so a fleet of triggers on
/// `0 * * * *` spreads over the jitter window instead of stampeding, and a restart does not move a trigger.
///
/// It hashes the trigger id with 64-bit FNV-1a and mixes the result with MurmurHash3's finalizer so ids that
/// differ in one character land far apart (fixed and unseeded: Swift's `Hasher` is seeded per process and would
/// move every trigger on each restart).
public enum StableJitter {
    /// The offset in `0...maxMillis` for `triggerID`.
    public static func offset(for triggerID: String, maxMillis: Int64) -> Int64 {
        guard maxMillis > 0 else { return 0 }
        return Int64(mix(fnv1a(triggerID)) % UInt64(maxMillis + 1))
    }

    /// 64-bit FNV-1a of the UTF-8 bytes.
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x &*= 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }
}
