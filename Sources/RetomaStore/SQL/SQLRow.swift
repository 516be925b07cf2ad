/// One result row, read by position or by column name. A value of the wrong type is a broken database,
/// not bad input: it stops with the column named, as a failed read of our own schema would.
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript<T: SQLValueConvertible>(_ index: Int) -> T {
        guard values.indices.contains(index) else { preconditionFailure("no column \(index) in \(columns)") }
        guard let value = T.decode(values[index]) else {
            preconditionFailure("column \(columns[index]) holds \(values[index]), not \(T.self)")
        }
        return value
    }

    public subscript<T: SQLValueConvertible>(_ name: String) -> T {
        guard let index = columns.firstIndex(of: name) else { preconditionFailure("no column \(name) in \(columns)") }
        return self[index]
    }

    /// The raw value at `index`, for code that inspects NULLs or types itself.
    public func value(at index: Int) -> SQLValue { values[index] }
}

/// The values bound to a statement's `?` placeholders, in order. Written as an array literal, like the
/// statements' own argument lists: `[dealID, title, nil]`.
public struct SQLArguments: Sendable, ExpressibleByArrayLiteral {
    public var values: [SQLValue]

    public init() { values = [] }
    public init(values: [SQLValue]) { self.values = values }
    public init(arrayLiteral elements: (any SQLValueConvertible)?...) { values = elements.map { $0?.sqlValue ?? .null } }
    public init(_ elements: [(any SQLValueConvertible)?]) { values = elements.map { $0?.sqlValue ?? .null } }
    public init<S: Sequence>(_ elements: S) where S.Element: SQLValueConvertible { values = elements.map(\.sqlValue) }

    public var isEmpty: Bool { values.isEmpty }

    public static func + (lhs: SQLArguments, rhs: SQLArguments) -> SQLArguments {
        SQLArguments(values: lhs.values + rhs.values)
    }

    public static func += (lhs: inout SQLArguments, rhs: SQLArguments) { lhs.values += rhs.values }
}
