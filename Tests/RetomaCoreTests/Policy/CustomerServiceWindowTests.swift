import Foundation
import RetomaCore
import Testing

@Suite struct CustomerServiceWindowTests {
    let now = Date(timeIntervalSince1970: 1_773_144_000)

    @Test func freeTextWithin24HoursOfTheCustomersLastMessage() {
        let window = MessagingWindow.customerService(templateConfigured: false)
        let recent = now.addingTimeInterval(-(24 * 3600 - 1))
        #expect(CustomerServiceWindow.route(window: window, lastCustomerMessageAt: recent, at: now) == .freeText)
        #expect(CustomerServiceWindow.closesAt(lastCustomerMessageAt: recent) == recent.addingTimeInterval(86_400))
    }

    @Test func outsideTheWindowTheTemplateOrNothing() {
        let old = now.addingTimeInterval(-24 * 3600)
        #expect(CustomerServiceWindow.route(window: .customerService(templateConfigured: true), lastCustomerMessageAt: old, at: now) == .template)
        #expect(CustomerServiceWindow.route(window: .customerService(templateConfigured: false), lastCustomerMessageAt: old, at: now) == .skip)
        // A customer who never wrote opened no window.
        #expect(CustomerServiceWindow.route(window: .customerService(templateConfigured: false), lastCustomerMessageAt: nil, at: now) == .skip)
    }

    @Test func channelsWithoutTheRuleAlwaysSendFreeText() {
        #expect(CustomerServiceWindow.route(window: .unrestricted, lastCustomerMessageAt: nil, at: now) == .freeText)
    }

    func due() -> Decision {
        Decision(dealID: 7, columnID: 2, action: .send, reason: .due, dueAt: now, checks: [.followUpEnabled(true)])
    }

    @Test func aDueDealIsSkippedWithOutside24hWindowAndDealWhySaysWhy() {
        let old = now.addingTimeInterval(-3 * 86_400)
        let d = due().limited(by: .customerService(templateConfigured: false), lastCustomerMessageAt: old, at: now)
        #expect(d.action == .skip && d.reason == .outside24hWindow && d.dueAt == nil)
        #expect(d.reason.rawValue == "outside_24h_window")
        #expect(d.summary(.pt) == "Não enviar (outside_24h_window)")
        let last = d.explain(.pt).last ?? ""
        #expect(last.hasPrefix("✗ Janela de 24 h do WhatsApp fechada"))
        #expect(last.contains("RETOMA_CLOUD_TEMPLATE"))
        #expect(d.explain(.en).last?.contains("no approved template is configured") == true)
    }

    @Test func withATemplateItStillSendsAndSaysHow() {
        let old = now.addingTimeInterval(-3 * 86_400)
        let d = due().limited(by: .customerService(templateConfigured: true), lastCustomerMessageAt: old, at: now)
        #expect(d.action == .send && d.reason == .due)
        #expect(d.explain(.pt).last?.hasPrefix("✓ Janela de 24 h do WhatsApp fechada") == true)
        #expect(d.explain(.pt).last?.contains("modelo aprovado") == true)
    }

    @Test func otherDecisionsAndOtherChannelsAreUnchanged() {
        let waiting = Decision(dealID: 7, columnID: 2, action: .wait, reason: .notDue, dueAt: now, checks: [])
        #expect(waiting.limited(by: .customerService(templateConfigured: false), lastCustomerMessageAt: nil, at: now) == waiting)
        #expect(due().limited(by: .unrestricted, lastCustomerMessageAt: nil, at: now) == due())
    }
}
