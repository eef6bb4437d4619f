import Agent
import Foundation
import Store
import SundialTesting
import Testing
import Workflow

/// An agent on a manual clock running a daily `TZID=America/New_York` schedule across both 2026 transitions
/// (8 March: 02:00 EST → 03:00 EDT; 1 November: 02:00 EDT → 01:00 EST) fires at exactly the UTC instants its
/// `dstPolicy` says. 02:30 falls in the March gap and is unambiguous in November; 01:30 is the time November
/// repeats, so the overlap policies are also checked on it.
@Suite("Schedules across New York's 2026 DST transitions")
struct ScheduleDSTTests {
    static func utc(_ month: Int, _ day: Int, _ hour: Int, _ minute: Int = 0) -> Int64 {
        TriggerHarness.utc(2026, month, day, hour, minute)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var time: String
        var policy: String?
        /// The window the clock runs through, and the UTC instants expected to fire in it.
        var from: Int64
        var through: Int64
        var fires: [Int64]

        var testDescription: String { name }
    }

    static let march = (from: utc(3, 6, 0), through: utc(3, 10, 12))
    static let november = (from: utc(10, 30, 0), through: utc(11, 3, 12))

    static let cases: [Case] =
        [
            // 6–7 March 02:30 EST is 07:30Z; from 9 March 02:30 EDT is 06:30Z.
            Case(
                name: "02:30, gap shift: 8 March fires at 03:30 EDT", time: "023000", policy: #"{"gap": "shift"}"#,
                from: march.from, through: march.through,
                fires: [utc(3, 6, 7, 30), utc(3, 7, 7, 30), utc(3, 8, 7, 30), utc(3, 9, 6, 30), utc(3, 10, 6, 30)]),
            Case(
                name: "02:30, gap skip: no fire on 8 March", time: "023000", policy: #"{"gap": "skip"}"#,
                from: march.from, through: march.through,
                fires: [utc(3, 6, 7, 30), utc(3, 7, 7, 30), utc(3, 9, 6, 30), utc(3, 10, 6, 30)]),
            Case(
                name: "02:30, RFC 5545 default: shifted", time: "023000", policy: nil, from: march.from,
                through: march.through,
                fires: [utc(3, 6, 7, 30), utc(3, 7, 7, 30), utc(3, 8, 7, 30), utc(3, 9, 6, 30), utc(3, 10, 6, 30)]),
        ]
        + ["first", "last", "both"].map { overlap in
            // 02:30 happens once on 1 November (EST, 07:30Z): every overlap policy gives the same fires.
            Case(
                name: "02:30, overlap \(overlap): 1 November fires once", time: "023000",
                policy: #"{"overlap": "\#(overlap)"}"#, from: november.from, through: november.through,
                fires: [
                    utc(10, 30, 6, 30), utc(10, 31, 6, 30), utc(11, 1, 7, 30), utc(11, 2, 7, 30), utc(11, 3, 7, 30),
                ])
        } + [
            // 01:30 happens twice on 1 November: 05:30Z (EDT) and 06:30Z (EST).
            Case(
                name: "01:30, overlap first", time: "013000", policy: #"{"overlap": "first"}"#, from: november.from,
                through: november.through,
                fires: [
                    utc(10, 30, 5, 30), utc(10, 31, 5, 30), utc(11, 1, 5, 30), utc(11, 2, 6, 30), utc(11, 3, 6, 30),
                ]),
            Case(
                name: "01:30, overlap last", time: "013000", policy: #"{"overlap": "last"}"#, from: november.from,
                through: november.through,
                fires: [
                    utc(10, 30, 5, 30), utc(10, 31, 5, 30), utc(11, 1, 6, 30), utc(11, 2, 6, 30), utc(11, 3, 6, 30),
                ]),
            Case(
                name: "01:30, overlap both", time: "013000", policy: #"{"overlap": "both"}"#, from: november.from,
                through: november.through,
                fires: [
                    utc(10, 30, 5, 30), utc(10, 31, 5, 30), utc(11, 1, 5, 30), utc(11, 1, 6, 30), utc(11, 2, 6, 30),
                    utc(11, 3, 6, 30),
                ]),
        ]

    @Test("a daily New York schedule fires as its dstPolicy says", arguments: cases)
    func dst(_ test: Case) async throws {
        let clock = ManualClock(nowMillis: test.from)
        let rule = #"DTSTART;TZID=America/New_York:20260101T\#(test.time)\nRRULE:FREQ=DAILY"#
        let policy = test.policy.map { #", "dstPolicy": \#($0)"# } ?? ""
        try await TriggerHarness.withStore { store in
            try await TriggerHarness.run(store: store, clock: clock) { agent async throws in
                let id = try await agent.create(TriggerHarness.scheduled(rule, settings: policy))
                var through = test.from
                // Half an hour at a time, each run ending before the next fire (EXCLUSIVE_RUN would skip it).
                while through < test.through {
                    through = min(through + 1_800_000, test.through)
                    await agent.advance(to: through)
                    while await agent.finishNext() != nil {}
                }
                #expect(try await agent.startedTimes(id) == test.fires)
                let fires = try await agent.fires(id)
                #expect(fires.allSatisfy { $0.firedAt == $0.scheduledAt }, "every fire on time")
                #expect(try await agent.outcomes(id).allSatisfy { $0 == "started" })
            }
        }
    }
}
