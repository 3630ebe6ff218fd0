import Testing

@Test func placeholderThreadify() { #expect(1 == 1) }
