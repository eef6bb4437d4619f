/// Reads the binary time zone information format (TZif, RFC 8536) that `zic` writes under `/usr/share/zoneinfo`.
///
/// Versions 1 to 4 are accepted. For version 2 and later the 64-bit data block and the footer (a POSIX `TZ`
/// string that extends the rules past the last transition) are used; version 1 files have only the 32-bit
/// block. Every count and index is checked against the bytes actually present, so a truncated or garbled file
/// is reported, never trusted.
struct TZifParser {
    /// One local time type: an offset from UTC and whether it is daylight-saving time.
    struct LocalTimeType: Hashable, Sendable {
        /// Seconds east of UTC.
        var utcOffset: Int32
        var isDST: Bool
        /// Index of the abbreviation in `Contents.abbreviations`.
        var abbreviationIndex: Int
    }

    /// What a TZif file says.
    struct Contents: Hashable, Sendable {
        /// 1 to 4 (later versions are read as 4).
        var version: Int
        /// Transition instants, strictly increasing, in seconds since the epoch.
        var transitionTimes: [Int64]
        /// For each transition, the index in `types` of the local time type in force from it on.
        var transitionTypes: [Int]
        var types: [LocalTimeType]
        /// NUL-separated abbreviation bytes (`EST\0EDT\0`).
        var abbreviations: [UInt8]
        /// The footer's POSIX TZ string, `nil` when absent or empty.
        var footer: String?
    }

    /// Why a file is not acceptable TZif data.
    struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        var description: String
    }

    /// RFC 8536 bounds offsets to just under 26 hours either way.
    static let offsetLimit: Int32 = 26 * 3600

    /// Parses a whole TZif file.
    /// - Throws: `Failure` naming the first problem found.
    static func parse(_ bytes: [UInt8]) throws(Failure) -> Contents {
        var reader = Reader(bytes: bytes)
        let v1 = try reader.header()
        guard v1.version >= 2 else {
            return try reader.dataBlock(v1, timeSize: 4, version: 1)
        }
        // Skip the 32-bit block: version 2+ readers must use the 64-bit one that follows it.
        try reader.skip(v1.dataBlockSize(timeSize: 4), what: "version 1 data block")
        let v2 = try reader.header()
        guard v2.version == v1.version else {
            throw Failure(description: "the two headers disagree on the version")
        }
        var contents = try reader.dataBlock(v2, timeSize: 8, version: v2.version)
        contents.footer = try reader.footer()
        return contents
    }
}

extension TZifParser {
    /// The six counts of a TZif header.
    fileprivate struct Header {
        var version: Int
        var isUTCCount: Int
        var isStandardCount: Int
        var leapCount: Int
        var timeCount: Int
        var typeCount: Int
        var charCount: Int

        func dataBlockSize(timeSize: Int) -> Int {
            timeCount * timeSize + timeCount + typeCount * 6 + charCount + leapCount * (timeSize + 4)
                + isStandardCount + isUTCCount
        }
    }

    /// A bounds-checked big-endian cursor over the file's bytes.
    fileprivate struct Reader {
        let bytes: [UInt8]
        var position = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skip(_ count: Int, what: String) throws(Failure) {
            guard count >= 0, bytes.count - position >= count else {
                throw Failure(description: "file is truncated in the \(what)")
            }
            position += count
        }

        mutating func byte(_ what: String) throws(Failure) -> UInt8 {
            try skip(1, what: what)
            return bytes[position - 1]
        }

        mutating func uint32(_ what: String) throws(Failure) -> UInt32 {
            try skip(4, what: what)
            var value: UInt32 = 0
            for offset in position - 4..<position { value = value << 8 | UInt32(bytes[offset]) }
            return value
        }

        mutating func int64(_ what: String) throws(Failure) -> Int64 {
            try skip(8, what: what)
            var value: UInt64 = 0
            for offset in position - 8..<position { value = value << 8 | UInt64(bytes[offset]) }
            return Int64(bitPattern: value)
        }

        mutating func header() throws(Failure) -> Header {
            guard bytes.count - position >= 44, bytes[position..<position + 4].elementsEqual("TZif".utf8) else {
                throw Failure(description: "not a TZif file (no 'TZif' magic)")
            }
            position += 4
            let versionByte = try byte("header")
            let version: Int
            switch versionByte {
            case 0: version = 1
            case UInt8(ascii: "2")...UInt8(ascii: "9"): version = min(Int(versionByte - UInt8(ascii: "0")), 4)
            default: throw Failure(description: "unknown TZif version byte \(versionByte)")
            }
            try skip(15, what: "header")
            var counts: [Int] = []
            for _ in 0..<6 {
                let count = try uint32("header")
                // No real zone comes near this; a bigger count means the header is garbage.
                guard count < 1 << 20 else { throw Failure(description: "implausible count \(count) in the header") }
                counts.append(Int(count))
            }
            return Header(
                version: version, isUTCCount: counts[0], isStandardCount: counts[1], leapCount: counts[2],
                timeCount: counts[3], typeCount: counts[4], charCount: counts[5])
        }

        mutating func dataBlock(_ header: Header, timeSize: Int, version: Int) throws(Failure) -> Contents {
            guard header.typeCount > 0 else { throw Failure(description: "no local time types") }
            guard header.leapCount == 0 else {
                throw Failure(description: "leap-second zones (the 'right/' tree) are not supported")
            }
            guard header.isUTCCount == 0 || header.isUTCCount == header.typeCount,
                header.isStandardCount == 0 || header.isStandardCount == header.typeCount
            else { throw Failure(description: "standard/UT indicator counts do not match the type count") }
            guard bytes.count - position >= header.dataBlockSize(timeSize: timeSize) else {
                throw Failure(description: "file is truncated in the data block")
            }
            var times: [Int64] = []
            times.reserveCapacity(header.timeCount)
            for _ in 0..<header.timeCount {
                let time = timeSize == 8 ? try int64("transition times") : Int64(Int32(bitPattern: try uint32("")))
                if let last = times.last, time <= last {
                    throw Failure(description: "transition times are not in increasing order")
                }
                times.append(time)
            }
            var indices: [Int] = []
            indices.reserveCapacity(header.timeCount)
            for _ in 0..<header.timeCount {
                let index = Int(try byte("transition types"))
                guard index < header.typeCount else {
                    throw Failure(description: "a transition names local time type \(index) of \(header.typeCount)")
                }
                indices.append(index)
            }
            var types: [LocalTimeType] = []
            for _ in 0..<header.typeCount {
                let offset = Int32(bitPattern: try uint32("local time types"))
                let isDST = try byte("local time types")
                let abbreviation = Int(try byte("local time types"))
                guard offset > -offsetLimit, offset < offsetLimit else {
                    throw Failure(description: "UTC offset \(offset)s is outside ±26 hours")
                }
                guard isDST <= 1, abbreviation < header.charCount else {
                    throw Failure(description: "malformed local time type")
                }
                types.append(LocalTimeType(utcOffset: offset, isDST: isDST == 1, abbreviationIndex: abbreviation))
            }
            let abbreviations = Array(bytes[position..<position + header.charCount])
            try skip(header.charCount + header.isStandardCount + header.isUTCCount, what: "indicators")
            return Contents(
                version: version, transitionTimes: times, transitionTypes: indices, types: types,
                abbreviations: abbreviations, footer: nil)
        }

        /// The `\n<TZ string>\n` that ends a version 2+ file.
        mutating func footer() throws(Failure) -> String? {
            guard position < bytes.count else { throw Failure(description: "file is truncated before the footer") }
            guard bytes[position] == UInt8(ascii: "\n") else { throw Failure(description: "malformed footer") }
            let start = position + 1
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                throw Failure(description: "footer is not terminated by a newline")
            }
            let text = bytes[start..<end]
            guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                throw Failure(description: "footer contains non-ASCII bytes")
            }
            return text.isEmpty ? nil : String(decoding: text, as: UTF8.self)
        }
    }
}
