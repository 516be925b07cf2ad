import Foundation
import FuzzEntryPoints
import Testing

/// Every file of Tests/FuzzCorpus/<target>/ — the seeds and each input that once crashed a fuzz target —
/// goes through the target's entry point, the same function libFuzzer calls (bench/fuzz.sh). A crash found
/// once therefore stays found: the test process crashes on that input again.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuzzCorpus")

    @Test(arguments: FuzzTarget.all.map(\.name))
    func everyCorpusInputRunsWithoutCrashing(_ name: String) throws {
        let target = try #require(FuzzTarget.named(name))
        let files = FuzzCorpus.files(at: Self.corpus.appendingPathComponent(name))
        // A missing or empty folder would make this test pass without trying anything.
        #expect(files.count >= 3, "Tests/FuzzCorpus/\(name) has \(files.count) input(s)")
        for file in files {
            target.run(Array(try Data(contentsOf: file)))
        }
    }

    @Test func everyCorpusFolderBelongsToATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { !$0.hasPrefix(".") && !$0.hasPrefix("README") }
        #expect(Set(folders) == Set(FuzzTarget.all.map(\.name)))
    }
}
