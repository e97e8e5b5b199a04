"""Searching a course in the reader's language: translated lessons are found by their
translated words, untranslated ones by the source's, accents and case ignored."""

import pytest

from lms.learn.outline_search import fold, terms_of

SEARCH = "/courses/sample/search"


def test_folding_ignores_case_and_accents():
    assert fold("Χαρτογραφούμε ΣΎΜΠΛΕΓΜΑ") == "χαρτογραφουμε συμπλεγμα"
    assert terms_of("Übersicht, café!") == ["ubersicht", "cafe"]


@pytest.mark.parametrize("query", ["χαρτογραφούμε", "ΧΑΡΤΟΓΡΑΦΟΥΜΕ", "χαρτογραφουμε σύμπλεγμα"])
def test_a_greek_reader_finds_the_greek_lesson(client, quiz_learner, greek_sample, query):
    quiz_learner(language="el")
    greek_sample()
    page = client.get(SEARCH, query_string={"q": query}).text
    assert ">Εισαγωγή</a>" in page and "<mark>" in page
    assert "1 μάθημα περιέχει" in page


def test_untranslated_lessons_are_found_by_their_source_text(client, quiz_learner, greek_sample):
    quiz_learner(language="el")
    greek_sample()
    page = client.get(SEARCH, query_string={"q": "food"}).text
    assert ">A food cluster</a>" in page


def test_an_english_reader_searches_the_source(client, quiz_learner, greek_sample):
    quiz_learner()
    greek_sample()
    assert ">Introduction</a>" in client.get(SEARCH, query_string={"q": "map"}).text
    page = client.get(SEARCH, query_string={"q": "χαρτογραφούμε"}).text
    assert "0 lessons hold" in page


def test_every_word_must_match_and_markup_is_escaped(client, quiz_learner, greek_sample):
    quiz_learner()
    greek_sample()
    page = client.get(SEARCH, query_string={"q": "map <script>"}).text
    assert "<script>" not in page.split("<main")[1]
    assert "0 lessons hold" in page


def test_an_empty_query_shows_the_form(client, quiz_learner, greek_sample):
    quiz_learner()
    greek_sample()
    page = client.get(SEARCH)
    assert page.status_code == 200 and 'name="q"' in page.text and "lessons hold" not in page.text


def test_searching_costs_no_query_per_lesson(client, quiz_learner, greek_sample, count_queries):
    quiz_learner(language="el")
    greek_sample()
    client.get(SEARCH, query_string={"q": "σύμπλεγμα"})
    with count_queries() as first:
        client.get(SEARCH, query_string={"q": "σύμπλεγμα"})
    with count_queries() as second:
        client.get(SEARCH, query_string={"q": "cluster food"})
    assert first.count == second.count <= 6
