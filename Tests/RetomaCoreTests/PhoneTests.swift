import Foundation
import RetomaCore
import Testing

@Suite struct PhoneTests {
    @Test(arguments: [
        ("(11) 98765-4321", "+5511987654321"),
        ("11 98765 4321", "+5511987654321"),
        ("+55 11 98765-4321", "+5511987654321"),
        ("5511987654321", "+5511987654321"),
        ("0055 11 98765-4321", "+5511987654321"),
        ("011 98765-4321", "+5511987654321"),
        ("0 15 11 98765-4321", "+5511987654321"),
        ("015 (21) 99876.5432", "+5521998765432"),
        ("+55 (48) 3222-1234", "+554832221234"),
        ("48 8822-1234", "+554888221234"),
        ("  +1 (650) 555-1234 ", "+16505551234"),
        ("+351 912 345 678", "+351912345678"),
        ("11\u{00A0}98765-4321", "+5511987654321"),
    ])
    func acceptsWhatPeopleType(raw: String, e164: String) {
        #expect(Phone.normalize(raw) == .success(e164))
    }

    @Test(arguments: [
        ("", Phone.Problem.empty),
        ("   ", .empty),
        ("11 9876-abc", .invalidCharacters("a")),
        ("+55 11 9+8765-4321", .invalidCharacters("+")),
        ("ramal 12", .invalidCharacters("r")),
        ("123", .wrongLength(digits: 3)),
        ("()-", .wrongLength(digits: 0)),
        ("+55 11 98765-43210", .wrongLength(digits: 14)),
        ("+1234567890123456", .wrongLength(digits: 16)),
        ("+55 00 1234-5678", .badBrazilianAreaCode("00")),
        ("+55 20 98765-4321", .badBrazilianAreaCode("20")),
        ("(23) 98765-4321", .badBrazilianAreaCode("23")),
        ("(11) 88765-4321", .badBrazilianLocalNumber("887654321")),
        ("(11) 1234-5678", .badBrazilianLocalNumber("12345678")),
        ("(11) 0234-5678", .badBrazilianLocalNumber("02345678")),
    ])
    func refusesWhatCannotBeAPhone(raw: String, problem: Phone.Problem) {
        #expect(Phone.normalize(raw) == .failure(problem))
    }

    @Test func whatsAppIDsBecomeE164WithoutTheBrazilianDefault() {
        #expect(Phone.fromWhatsAppID("5511987654321") == "+5511987654321")
        #expect(Phone.fromWhatsAppID("16505551234") == "+16505551234")
        #expect(Phone.fromWhatsAppID("553187654321@s.whatsapp.net") == "+553187654321")
        #expect(Phone.fromWhatsAppID("5511987654321:7@s.whatsapp.net") == "+5511987654321")
        #expect(Phone.fromWhatsAppID("+5511987654321") == "+5511987654321")
        #expect(Phone.fromWhatsAppID("120363042@g.us") == nil)
        #expect(Phone.fromWhatsAppID("status@broadcast") == nil)
        #expect(Phone.fromWhatsAppID("123456789012345@lid") == nil)
        #expect(Phone.fromWhatsAppID("55abc") == nil)
        #expect(Phone.fromWhatsAppID("1234") == nil)
    }

    @Test func brazilianMobilesMatchWithAndWithoutTheNinthDigit() {
        #expect(Phone.matchingForms("+5531987654321") == ["+5531987654321", "+553187654321"])
        #expect(Phone.matchingForms("+553187654321") == ["+553187654321", "+5531987654321"])
        #expect(Phone.matchingForms("+5511987654321") == ["+5511987654321", "+551187654321"])
        #expect(Phone.sameWhatsApp("+553187654321", "+5531987654321"))
        // Landlines have one form, and so do other countries' numbers.
        #expect(Phone.matchingForms("+553132221234") == ["+553132221234"])
        #expect(Phone.matchingForms("+16505551234") == ["+16505551234"])
        // A 9-digit number whose 8-digit form would look like a landline is not folded onto it.
        #expect(Phone.matchingForms("+5531932221234") == ["+5531932221234"])
        #expect(!Phone.sameWhatsApp("+5531987654321", "+5531987654322"))
    }
}
