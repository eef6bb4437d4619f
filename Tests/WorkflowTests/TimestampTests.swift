import Foundation
import Testing
import Workflow

@Suite("RFC 3339 timestamps")
struct TimestampTests {
    @Test(
        "instants are written in UTC to the nearest millisecond",
        arguments: [
            (0.0, "1970-01-01T00:00:00.000Z"),
            (1_743_327_000.123, "2025-03-30T09:30:00.123Z"),
            (1_743_327_000.9999, "2025-03-30T09:30:01.000Z"),
            (1_743_327_000.1234, "2025-03-30T09:30:00.123Z"),
            (-0.001, "1969-12-31T23:59:59.999Z"),
            (-86_400.5, "1969-12-30T23:59:59.500Z"),
            (253_402_300_799.0, "9999-12-31T23:59:59.000Z"),
        ])
    func written(seconds: Double, text: String) {
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test("the text reads back as the same millisecond with ISO 8601 parsing")
    func readsBack() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let millis = Int64.random(in: 0...4_102_444_800_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            let parsed = try Date(
                Timestamp.rfc3339(date), strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            #expect(Int64((parsed.timeIntervalSince1970 * 1000).rounded()) == millis)
            // What the store reads back (milliseconds / 1000 as a Date) writes the same text.
            #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: Double(millis) / 1000)) == Timestamp.rfc3339(parsed))
        }
    }
}
