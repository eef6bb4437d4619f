import Testing

@testable import Agent

@Suite("Connection deadlines")
struct ConnectionDeadlinesTests {
    static let timeouts = ConnectionDeadlines.Timeouts(head: 10, bodyRead: 30, idle: 60)

    @Test("a new connection has the head timeout to send its first head")
    func firstHead() {
        let deadlines = ConnectionDeadlines(timeouts: Self.timeouts, openedAt: 100)
        #expect(deadlines.isIdle)
        #expect(deadlines.expired(at: 105) == .rearm(at: 110))
        #expect(deadlines.expired(at: 110) == .close(.head))
    }

    @Test("each body read moves the body deadline; the request's end stops the clock until the response ends")
    func bodyThenResponse() {
        var deadlines = ConnectionDeadlines(timeouts: Self.timeouts, openedAt: 0)
        deadlines.headRead(at: 5)
        #expect(!deadlines.isIdle)
        #expect(deadlines.expired(at: 35) == .close(.body))
        deadlines.bodyRead(at: 20)
        #expect(deadlines.expired(at: 35) == .rearm(at: 50))
        deadlines.endRead()
        #expect(deadlines.expired(at: 10_000) == .none)
        deadlines.responseEnded(at: 10_000)
        #expect(deadlines.isIdle)
        #expect(deadlines.expired(at: 10_059) == .rearm(at: 10_060))
        #expect(deadlines.expired(at: 10_060) == .close(.idle))
    }

    @Test("a body that never arrives is closed at the body timeout; a response sent early does not stop it")
    func stalledBody() {
        var deadlines = ConnectionDeadlines(timeouts: Self.timeouts, openedAt: 0)
        deadlines.headRead(at: 1)
        deadlines.responseEnded(at: 2)
        #expect(deadlines.expired(at: 31) == .close(.body))
    }

    @Test("pipelined requests: the connection is idle only once every response has ended")
    func pipelined() {
        var deadlines = ConnectionDeadlines(timeouts: Self.timeouts, openedAt: 0)
        deadlines.headRead(at: 1)
        deadlines.endRead()
        deadlines.headRead(at: 2)
        deadlines.endRead()
        deadlines.responseEnded(at: 3)
        #expect(!deadlines.isIdle)
        #expect(deadlines.expired(at: 1_000) == .none)
        deadlines.responseEnded(at: 4)
        #expect(deadlines.isIdle)
        #expect(deadlines.expired(at: 64) == .close(.idle))
    }

    @Test("the limits' seconds become nanoseconds")
    func fromLimits() {
        let timeouts = ConnectionDeadlines.Timeouts(
            AgentLimits(headTimeoutSeconds: 1.5, bodyReadTimeoutSeconds: 2, idleTimeoutSeconds: 0.25))
        #expect(
            timeouts == ConnectionDeadlines.Timeouts(head: 1_500_000_000, bodyRead: 2_000_000_000, idle: 250_000_000))
    }
}
