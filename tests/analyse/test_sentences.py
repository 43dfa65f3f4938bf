import pytest

from citypact.analyse.sentences import split_sentences


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Kyiv og København er venskabsbyer. Aftalen gælder i tre år.", 2),
        ("Høringen løber fra 5. februar til 5. marts 2025. Svar senest d. 5. marts.", 2),
        ("She visited Kyiv during the war. They discussed projects.", 2),
        ("Mr. Smith met Dr. Jones in St. Petersburg.", 1),
        ("Угоду підписав міський голова. Співпраця триватиме три роки.", 2),
        ("1. Kommunstyrelsen uppdrar åt stadsdirektören.\n2. Skrivelsen anses besvarad.", 2),
        ("Line one without stop\nLine two", 2),
        # a heading in capitals wrapped over two lines is one sentence
        ("OGGETTO: GEMELLAGGIO TRA IL COMUNE DI PARMA ED IL\nCOMUNE DI LVIV (UCRAINA)", 1),
        ("VENSKABSBYER\nAarhus har fire venskabsbyer.", 2),
    ],
)
def test_sentence_counts(text, expected):
    assert len(split_sentences(text)) == expected


def test_offsets_are_exact_on_examples(example_texts):
    for text in example_texts.values():
        for s in split_sentences(text):
            assert text[s.start:s.end] == s.text
            assert s.text == s.text.strip()


def test_list_items_are_marked():
    sentences = split_sentences("Punkter:\n- Kultur\n- Klima\n1. Første")
    assert [s.list_item for s in sentences] == [False, True, True, True]
