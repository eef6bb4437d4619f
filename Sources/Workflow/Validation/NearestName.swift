/// Finds the known name closest to a misspelt one, for "did you mean" messages.
///
/// The distance is the optimal string alignment distance (Levenshtein plus the swap of two neighbouring
/// characters, as Damerau's), computed case-insensitively, so `publised` → `published`, `overlapBehaviour` →
/// `overlapBehavior`, `catchup` → `catchUp` and `comand` → `command`.
public enum NearestName {
    /// The known name nearest to `name`, or `nil` when none is close enough to be a plausible misspelling: at most
    /// one edit for names up to four characters, else up to a third of the longer name's length (at most 4).
    /// Ties go to the name listed first.
    /// - Complexity: O(*n* · *m* · *k*) for *k* known names of length *m* and a name of length *n*.
    public static func nearest(to name: String, in known: some Sequence<String>) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in known where candidate != name {
            let distance = self.distance(name, candidate)
            let allowed = min(4, max(1, max(name.count, candidate.count) / 3))
            guard distance <= allowed else { continue }
            if best.map({ distance < $0.distance }) ?? true { best = (candidate, distance) }
        }
        return best?.name
    }

    /// `; did you mean "X"?` when a known name is close, else the empty string.
    public static func suggestion(for name: String, in known: some Sequence<String>) -> String {
        nearest(to: name, in: known).map { "; did you mean \"\($0)\"?" } ?? ""
    }

    /// The optimal string alignment distance between `a` and `b`, ignoring case.
    public static func distance(_ a: String, _ b: String) -> Int {
        let s = Array(a.lowercased())
        let t = Array(b.lowercased())
        if s.isEmpty { return t.count }
        if t.isEmpty { return s.count }
        var previous2 = [Int](repeating: 0, count: t.count + 1)
        var previous = Array(0...t.count)
        var current = [Int](repeating: 0, count: t.count + 1)
        for i in 1...s.count {
            current[0] = i
            for j in 1...t.count {
                let cost = s[i - 1] == t[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, s[i - 1] == t[j - 2], s[i - 2] == t[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[t.count]
    }
}
