/// The overlap and rate-limit gates a fire passes before it starts a run.
extension TriggerPlanner {
    /// The trigger's runs as the plan goes: the active and waiting runs, plus those this plan adds.
    struct Admission {
        var running: Int
        var waiting: Int
    }

    /// Applies the overlap behavior, then the rate limit, to one fire at `now`.
    mutating func admit(at now: Int64, _ admission: inout Admission) -> FireAction {
        let action: FireAction
        switch policy.overlap {
        case .exclusiveRun:
            action = admission.running > 0 ? .skip(.overlap) : .start
        case .overlapAllowed:
            action = .start
        case .bufferOne:
            if admission.running == 0 {
                action = .start
            } else {
                action = admission.waiting == 0 ? .wait : .skip(.overlap)
            }
        case .cancelPrevious:
            action = admission.running > 0 ? .startCancellingRunning : .start
        }
        guard action.startsRun else { return action }
        if rateLimiter != nil, !rateLimiter!.admit(at: now) {
            return .skip(.rateLimited)
        }
        switch action {
        case .start: admission.running += 1
        case .startCancellingRunning: admission.running = 1
        case .wait: admission.waiting += 1
        case .skip: break
        }
        return action
    }
}
