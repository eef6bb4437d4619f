/// Writes small TZif files for tests, the way `zic` lays them out (RFC 8536).
struct TZifWriter {
    /// Seconds east of UTC, daylight flag, abbreviation.
    var types: [(offset: Int32, isDST: Bool, abbreviation: String)]
    /// Instant and index into `types`.
    var transitions: [(instant: Int64, type: UInt8)] = []
    /// The POSIX TZ footer (version 2 and later).
    var footer = ""
    /// 1 writes only the 32-bit block; 2…4 write both blocks and the footer.
    var version = 2

    var bytes: [UInt8] {
        var abbreviations: [UInt8] = []
        var abbreviationIndex: [Int] = []
        for type in types {
            abbreviationIndex.append(abbreviations.count)
            abbreviations += Array(type.abbreviation.utf8) + [0]
        }
        func block(timeSize: Int) -> [UInt8] {
            var out: [UInt8] = Array("TZif".utf8) + [version == 1 ? 0 : UInt8(ascii: "0") + UInt8(version)]
            out += [UInt8](repeating: 0, count: 15)
            for count in [0, 0, 0, transitions.count, types.count, abbreviations.count] {
                out += bigEndian(Int64(count), size: 4)
            }
            for transition in transitions { out += bigEndian(transition.instant, size: timeSize) }
            out += transitions.map(\.type)
            for (index, type) in types.enumerated() {
                out += bigEndian(Int64(type.offset), size: 4) + [type.isDST ? 1 : 0, UInt8(abbreviationIndex[index])]
            }
            return out + abbreviations
        }
        guard version > 1 else { return block(timeSize: 4) }
        return block(timeSize: 4) + block(timeSize: 8) + Array("\n\(footer)\n".utf8)
    }

    private func bigEndian(_ value: Int64, size: Int) -> [UInt8] {
        (0..<size).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
