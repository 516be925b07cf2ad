import Testing
@testable import RetomaCore

@Suite struct FollowUpTextTests {
    @Test(arguments: [
        ("  Oi Maria, tudo bem?  \n", "Oi Maria, tudo bem?"),
        ("\"Oi Maria, tudo bem?\"", "Oi Maria, tudo bem?"),
        ("“Oi Maria, tudo bem?”", "Oi Maria, tudo bem?"),
        ("«Oi Maria»", "Oi Maria"),
        ("'Oi Maria'", "Oi Maria"),
        ("Mensagem: Oi Maria", "Oi Maria"),
        ("mensagem:Oi Maria", "Oi Maria"),
        ("Message: Hi Maria", "Hi Maria"),
        ("Resposta: \"Oi Maria\"", "Oi Maria"),
        ("**Mensagem:** Oi Maria", "Oi Maria"),
        ("*Resposta*: Oi Maria", "Oi Maria"),
        ("\"Mensagem: Oi Maria\"", "Oi Maria"),
        ("Mensagem de follow-up: Oi Maria", "Oi Maria"),
        ("Oi Maria!\nConseguiu ver o orçamento?", "Oi Maria!\nConseguiu ver o orçamento?"),
        // Not wrapping quotes: each quote closes inside the text.
        ("\"Oi\" e \"tchau\"", "\"Oi\" e \"tchau\""),
        // A word that only starts like a label stays.
        ("Mensagens antigas? Sem problema, Maria!", "Mensagens antigas? Sem problema, Maria!"),
        ("Texto do contrato já está pronto: quer ver?", "Texto do contrato já está pronto: quer ver?"),
        ("Oi Maria :] tudo certo?", "Oi Maria :] tudo certo?"),
    ])
    func cleans(raw: String, expected: String) {
        #expect(FollowUpText.clean(raw) == .success(expected))
    }

    @Test(arguments: ["", "   \n ", "\"\"", "Mensagem:", "“ ”", "Resposta: \"\""])
    func emptyIsRefused(raw: String) {
        #expect(FollowUpText.clean(raw) == .failure(.empty))
    }

    @Test func moreThanAThousandCharactersIsRefused() {
        #expect(FollowUpText.clean(String(repeating: "a", count: 1_000)) == .success(String(repeating: "a", count: 1_000)))
        #expect(FollowUpText.clean(String(repeating: "a", count: 1_001)) == .failure(.tooLong(characters: 1_001)))
        // Counted in characters, not bytes.
        #expect(FollowUpText.clean(String(repeating: "ç", count: 1_000)) == .success(String(repeating: "ç", count: 1_000)))
    }

    @Test(arguments: [("Oi [Nome do cliente], tudo bem?", "[Nome do cliente]"),
                      ("Abraços,\n[Seu nome]", "[Seu nome]"),
                      ("Oi {nome}!", "{nome}"),
                      ("Oi {{ nome }}!", "{{ nome }}")])
    func fillInFieldsAreRefused(raw: String, field: String) {
        #expect(FollowUpText.clean(raw) == .failure(.placeholder(field)))
    }

    @Test func completeSentencesDropsAnUnfinishedTail() {
        #expect(FollowUpText.completeSentences("Oi Maria! Conseguiu ver o orçamento? Se quiser, posso") == "Oi Maria! Conseguiu ver o orçamento?")
        #expect(FollowUpText.completeSentences("O valor é R$ 1.200,50. Fica bom para") == "O valor é R$ 1.200,50.")
        #expect(FollowUpText.completeSentences("O valor é R$ 1.200") == nil)
        #expect(FollowUpText.completeSentences("Pensando aqui… talvez") == "Pensando aqui…")
        #expect(FollowUpText.completeSentences("Tudo certo.\nAbraço e") == "Tudo certo.")
        #expect(FollowUpText.completeSentences("Tudo certo.") == "Tudo certo.")
        #expect(FollowUpText.completeSentences("sem ponto nenhum") == nil)
    }

    @Test func problemsHaveMessagesInBothLanguages() {
        #expect(FollowUpText.Problem.tooLong(characters: 1200).message(.pt) == "mensagem longa demais (1200 caracteres; máximo 1000)")
        #expect(FollowUpText.Problem.empty.message(.en) == "empty message")
    }
}

@Suite struct SimilarityTests {
    @Test func identicalAfterFoldingIsOne() {
        #expect(Similarity.score("Oi Maria, tudo bem?", "Oi Maria, tudo bem?") == 1)
        #expect(Similarity.score("Olá, MARIA! Conseguiu ver o orçamento?", "ola maria conseguiu ver o orcamento") == 1)
    }

    @Test func emptyAgainstTextIsZero() {
        #expect(Similarity.score("", "Oi Maria") == 0)
        #expect(Similarity.score("!!!", "Oi Maria") == 0)
    }

    @Test func isSymmetricAndInRange() {
        let pairs = [("Oi Maria, conseguiu ver o orçamento?", "Bom dia, Maria! Ficou alguma dúvida?"),
                     ("a", "b"), ("abc", "abcd"), ("Oi", "Oi Maria")]
        for (a, b) in pairs {
            let s = Similarity.score(a, b)
            #expect(s == Similarity.score(b, a))
            #expect((0...1).contains(s))
        }
    }

    @Test func aChangedNameOrPunctuationIsANearCopy() {
        let earlier = "Oi Maria! Conseguiu dar uma olhada no orçamento que te enviei na segunda?"
        #expect(Similarity.isNearCopy(earlier, "Oi, Maria!! Conseguiu dar uma olhada no orçamento que te enviei na segunda? 😊"))
        #expect(Similarity.isNearCopy(earlier, "Oi Marina! Conseguiu dar uma olhada no orçamento que te enviei na segunda?"))
        #expect(Similarity.isNearCopy(earlier, "Oi Maria! Conseguiu dar uma olhada no orçamento que eu te enviei na segunda?"))
    }

    @Test func aRewordedMessageIsNotANearCopy() {
        let earlier = "Oi Maria! Conseguiu dar uma olhada no orçamento que te enviei na segunda?"
        let s = Similarity.score(earlier, "Bom dia, Maria. Passando para saber se ficou alguma dúvida sobre o site da padaria.")
        #expect(s < 0.5)
        #expect(!Similarity.isNearCopy(earlier, "Maria, o orçamento continua de pé; posso te ligar amanhã para conversarmos?"))
    }

    @Test func knownValue() {
        // " abcd " → " ab","abc","bcd","cd " ; " abce " → " ab","abc","bce","ce " : 2 shared of 4+4.
        #expect(Similarity.score("abcd", "abce") == 0.5)
        // Repeated trigrams count as many times as they occur on both sides.
        // " aaaa " → " aa","aaa","aaa","aa " ; " aaa " → " aa","aaa","aa " : 3 shared of 4+3.
        #expect(Similarity.score("aaaa", "aaa") == 2.0 * 3 / 7)
    }

    @Test func thresholdIsPointEight() {
        #expect(Similarity.nearCopyThreshold == 0.8)
    }
}

@Suite struct FollowUpTextFinalCheckTests {
    @Test func theEnginesLastLook() {
        #expect(FollowUpText.finalCheck("Oi Maria, conseguiu ver?", earlier: []) == nil)
        #expect(FollowUpText.finalCheck("   ", earlier: []) == "the text is empty")
        #expect(FollowUpText.finalCheck(String(repeating: "a", count: 4097), earlier: [])
                == "the text has 4097 characters (WhatsApp allows 4096)")
        #expect(FollowUpText.finalCheck("oi maria,  conseguiu ver?", earlier: ["Oi Maria, conseguiu ver?"])
                == "the text repeats an earlier follow-up to this customer")
    }

    /// One detector for the writer's cleaning and the engine's last look: template leftovers without a letter
    /// inside, and stray double braces, are fill-in fields too.
    @Test(arguments: [("Oi {{1}}, tudo bem?", "{{1}}"), ("Oi Maria }} tudo bem?", "}}"), ("Olá {{", "{{"),
                      ("Oi [Seu nome]", "[Seu nome]")])
    func templateLeftoversAreRefusedByBoth(text: String, field: String) {
        #expect(FollowUpText.clean(text) == .failure(.placeholder(field)))
        #expect(FollowUpText.finalCheck(text, earlier: []) == "the text has an unfilled template field: \(field)")
    }

    @Test func linksAndEmoticonsStillPass() {
        #expect(FollowUpText.finalCheck("Até amanhã :] Veja https://exemplo.com.br/a?b=1 :) {:}", earlier: []) == nil)
    }
}
