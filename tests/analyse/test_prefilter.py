import pytest

from citypact.analyse import prefilter


@pytest.mark.parametrize(
    "text,partnership,consultation",
    [
        ("København og Kyiv har indgået en venskabsbyaftale.", True, False),
        ("Житомир встановив побратимські відносини з Гдинею.", True, False),
        ("Høring om ny Politik for Udsatte Byområder", False, True),
        ("The weather was fine and the match ended 2-1.", False, False),
        (b"<html><body>Partnerstadt Freiburg</body></html>", True, False),
    ],
)
def test_prefilter(text, partnership, consultation):
    result = prefilter.scan(text)
    assert (result.partnership, result.consultation) == (partnership, consultation)


def test_every_example_passes(example_texts):
    for name, text in example_texts.items():
        assert prefilter.scan(text).passed, name
