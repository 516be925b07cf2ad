/// The store writes `?` placeholders for both databases; PostgreSQL numbers them (`$1`, `$2`…). A `?` inside a
/// string literal, a quoted identifier, a dollar-quoted body or a comment is text, not a placeholder, and so is
/// a `;`: only a top-level one ends a statement.
enum Placeholders {
    /// `sql` with each placeholder numbered, how many there were, and its statements one by one (the extended
    /// query protocol takes one at a time); pieces holding nothing but blanks and comments are left out.
    static func translate(_ sql: String) -> (sql: String, count: Int, statements: [String]) {
        let s = Array(sql.unicodeScalars)
        var out = String.UnicodeScalarView()
        var count = 0
        var statements: [String] = []
        var current = String.UnicodeScalarView()
        var statementHasCode = false
        var i = 0
        func emit<C: Collection>(_ scalars: C) where C.Element == Unicode.Scalar {
            out.append(contentsOf: scalars)
            current.append(contentsOf: scalars)
        }
        func copy(until end: Int) {
            emit(s[i..<min(end, s.count)])
            i = min(end, s.count)
        }
        while i < s.count {
            let c = s[i]
            let isComment = (c == "-" || c == "/") && i + 1 < s.count && s[i + 1] == (c == "-" ? "-" : "*")
            if !c.properties.isWhitespace && c != ";" && !isComment { statementHasCode = true }
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            switch c {
            case "?":
                count += 1
                emit("$\(count)".unicodeScalars)
                i += 1
            case "'", "\"":
                // A doubled quote inside is the quote itself, so scanning to the next lone one is enough.
                let escapes = c == "'" && i > 0 && (s[i - 1] == "E" || s[i - 1] == "e")
                var j = i + 1
                while j < s.count {
                    if escapes && s[j] == "\\" { j += 2; continue }
                    if s[j] == c {
                        if j + 1 < s.count && s[j + 1] == c { j += 2; continue }
                        break
                    }
                    j += 1
                }
                copy(until: j + 1)
            case "-" where next == "-":
                var j = i
                while j < s.count && s[j] != "\n" { j += 1 }
                copy(until: j)
            case "/" where next == "*":
                // PostgreSQL's block comments nest.
                var depth = 0
                var j = i
                repeat {
                    if j + 1 < s.count && s[j] == "/" && s[j + 1] == "*" { depth += 1; j += 2 }
                    else if j + 1 < s.count && s[j] == "*" && s[j + 1] == "/" { depth -= 1; j += 2 }
                    else { j += 1 }
                } while depth > 0 && j < s.count
                copy(until: j)
            case "$":
                // A dollar quote: $$…$$ or $tag$…$tag$ (a `$1` already in the text is left alone).
                var j = i + 1
                while j < s.count && (s[j].properties.isAlphabetic || s[j] == "_" || (j > i + 1 && s[j].properties.numericType != nil)) { j += 1 }
                if j < s.count && s[j] == "$" {
                    let tag = Array(s[i...j])
                    var k = j + 1
                    while k < s.count {
                        if s[k] == "$" && k + tag.count <= s.count && Array(s[k..<(k + tag.count)]) == tag { break }
                        k += 1
                    }
                    copy(until: k + tag.count)
                } else {
                    copy(until: i + 1)
                }
            case ";":
                if statementHasCode { statements.append(String(current)) }
                out.append(c)
                i += 1
                current = String.UnicodeScalarView()
                statementHasCode = false
            default:
                emit(CollectionOfOne(c))
                i += 1
            }
        }
        if statementHasCode { statements.append(String(current)) }
        return (String(out), count, statements)
    }
}
