import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

/// `?` documents the `/` filter's keywords in both languages; a ":word" that is no keyword is said so.
@Suite struct FilterKeywordTests {
    func helpText(_ s: AppState) -> [HelpRow] {
        var s = s
        s.mode = .help(scroll: 0, under: s.mode)
        return helpRows(s)
    }

    @Test func helpListsEachKeywordOnceInBothLanguages() {
        for lang in [Lang.pt, .en] {
            let rows = helpText(loadedState([2], lang: lang))
            for keyword in BoardFilter.Keyword.allCases {
                let listed = rows.filter { $0.keys == keyword.typed }
                #expect(listed.count == 1, "\(lang) \(keyword)")
                #expect(listed.first?.text == S.filterKeyword(keyword).text(lang))
            }
            #expect(rows.contains { $0.text == S.filterKeywordsCombine.text(lang) })
        }
        let pt = helpText(loadedState([2], lang: .pt))
        #expect(pt.contains { $0.keys == ":aguardando" && $0.text.contains("aguarda resposta") })
        #expect(pt.contains { $0.keys == ":optout" && $0.text.contains("não receber") })
        let en = helpText(loadedState([2], lang: .en))
        #expect(en.contains { $0.keys == ":aguardando" && $0.text.contains("awaiting a reply") })
        #expect(en.contains { $0.keys == "/" && $0.text.contains(":aguardando") && $0.text.contains(":optout") })
    }

    /// F1 while typing the filter: the filter's own section comes first, with the keywords in it.
    @Test func whileTypingTheFilterTheKeywordsAreInItsSection() {
        var s = loadedState([2])
        press(&s, .char("/"))
        let rows = helpText(s)
        let heading = rows.firstIndex { $0.heading } ?? -1
        #expect(rows[heading].keys == S.helpSection(.filter).text(.pt))
        let nextHeading = rows.dropFirst(heading + 1).firstIndex { $0.heading } ?? rows.count
        #expect(rows[heading..<nextHeading].contains { $0.keys == ":aguardando" }, "\(rows.map(\.keys))")
        // And the help dialog draws them.
        var shown = s
        shown.mode = .help(scroll: 0, under: s.mode)
        #expect(view(shown, theme: .builtinDefault).text().contains(":aguardando"))
    }

    @Test func anUnknownKeywordIsSaidToBeSearchedAsText() {
        var s = loadedState([2])
        press(&s, .char("/"))
        type(&s, ":vip maria")
        press(&s, .enter)
        #expect(s.filter == ":vip maria")
        #expect(s.status?.text == S.unknownFilterKeyword(":vip").text(.pt))
        #expect(s.status?.text.contains(":aguardando") == true)
        var known = loadedState([2])
        press(&known, .char("/"))
        type(&known, ":Aguardando maria")
        press(&known, .enter)
        #expect(known.status == nil, "\(String(describing: known.status))")
    }
}
