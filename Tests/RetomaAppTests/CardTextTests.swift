import Foundation
import RetomaCore
@testable import RetomaApp
import Testing
import TUIKit

/// A card's third line reads naturally at every width: the ticket's label and the next follow-up both stay,
/// the least important words give way first, and nothing reads "há agora" or "em agora".
@Suite struct CardTextTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    func card(closed: Bool = false, lastAgo: TimeInterval? = 17 * 3600, author: MessageAuthor = .agent) -> CardSummary {
        CardSummary(id: 1, columnID: 100, position: 0, title: "Plano anual", contactName: "Ana", phone: "+5511987654321",
                    valueCents: nil, ticketClosed: closed, lastMessageAt: lastAgo.map { Self.now.addingTimeInterval(-$0) },
                    lastMessageAuthor: lastAgo == nil ? nil : author)
    }

    @Test func theFullFormWhenThereIsRoom() {
        let line = cardStatus(card(), due: Self.now.addingTimeInterval(3 * 3600), now: Self.now, width: 60, lang: .pt)
        #expect(line.text == "● aberto · empresa há 17 h 🤖 em 3 h")
        let en = cardStatus(card(closed: true), due: Self.now.addingTimeInterval(3 * 3600), now: Self.now, width: 60, lang: .en)
        #expect(en.text == "✔ closed · company 17 h ago 🤖 in 3 h")
    }

    @Test func bothTheTicketAndTheFollowUpFitAtEveryCardWidth() {
        for lang in [Lang.pt, .en] {
            for closed in [false, true] {
                for width in 22...60 {
                    let line = cardStatus(card(closed: closed), due: Self.now.addingTimeInterval(12 * 60), now: Self.now, width: width, lang: lang)
                    let label = closed ? S.ticketClosed.text(lang) : S.ticketOpen.text(lang)
                    #expect(line.ticket.contains(label), "width \(width): the ticket label went: \(line.text)")
                    #expect(line.robot.hasPrefix("🤖 ") && line.robot.contains("12"), "width \(width): \(line.text)")
                    #expect(DisplayWidth.of(line.text) <= width, "width \(width): \(line.text) does not fit")
                    #expect(!line.text.contains("● ·") && !line.text.contains("✔ ·"), "\(line.text)")
                }
            }
        }
    }

    @Test func theLeastImportantGivesWayFirst() {
        let due = Self.now.addingTimeInterval(3 * 3600)
        // Full, then the ages lose their spaces, then the follow-up its "em", then who wrote, then the message.
        #expect(cardStatus(card(), due: due, now: Self.now, width: 35, lang: .pt).text == "● aberto · empresa há 17h 🤖 em 3 h")
        #expect(cardStatus(card(), due: due, now: Self.now, width: 31, lang: .pt).text == "● aberto · empresa há 17h 🤖 3h")
        #expect(cardStatus(card(), due: due, now: Self.now, width: 30, lang: .pt).text == "● aberto · há 17h 🤖 3h")
        #expect(cardStatus(card(), due: due, now: Self.now, width: 16, lang: .pt).text == "● aberto 🤖 3h")
        // No follow-up scheduled: the last message keeps its words longer.
        #expect(cardStatus(card(), due: nil, now: Self.now, width: 25, lang: .pt).text == "● aberto · empresa há 17h")
        #expect(cardStatus(card(), due: nil, now: Self.now, width: 24, lang: .pt).text == "● aberto · há 17h")
    }

    @Test func underAMinuteSaysNowAndSoonInWords() {
        let justWritten = card(lastAgo: 10, author: .agent)
        let soon = cardStatus(justWritten, due: Self.now.addingTimeInterval(30), now: Self.now, width: 60, lang: .pt)
        #expect(soon.text == "● aberto · empresa agora 🤖 em instantes")
        let due = cardStatus(justWritten, due: Self.now.addingTimeInterval(-5), now: Self.now, width: 60, lang: .pt)
        #expect(due.robot == "🤖 agora")
        let narrow = cardStatus(justWritten, due: Self.now.addingTimeInterval(30), now: Self.now, width: 25, lang: .pt)
        #expect(narrow.text == "● aberto · agora 🤖 agora", "\(narrow.text)")
        let en = cardStatus(justWritten, due: Self.now.addingTimeInterval(30), now: Self.now, width: 60, lang: .en)
        #expect(en.text == "● open · company just now 🤖 in a moment")
        for width in 16...60 {
            let t = cardStatus(justWritten, due: Self.now.addingTimeInterval(30), now: Self.now, width: width, lang: .pt).text
            #expect(!t.contains("há agora") && !t.contains("em agora"), "\(t)")
        }
    }

    /// The same on screen, in the narrowest terminal the board accepts.
    @Test func aNarrowBoardShowsTheTicketAndTheFollowUp() {
        var s = loadedState([2, 2], size: AppState.minimumSize)
        var f = MonitorFigures()
        f.cards = [1: s.now.addingTimeInterval(2 * 86_400)]
        _ = update(&s, .figures(f))
        let lines = view(s, theme: .builtinDefault).lines()
        let line = lines[4]
        #expect(line.contains("● aberto") && line.contains("🤖 2d"), "\(line)")
        for l in lines { #expect(DisplayWidth.of(l) == AppState.minimumSize.width, "\(l)") }
    }

    @Test func hugeOrBrokenInstantsDoNotTrap() {
        #expect(shortAge(from: Date(timeIntervalSince1970: -1e18), to: Self.now, .pt) != nil)
        #expect(shortAge(from: Date(timeIntervalSince1970: .nan), to: Self.now, .pt) == nil)
        #expect(shortAge(from: Self.now, to: Date(timeIntervalSince1970: .infinity), .pt) == nil)
    }
}
