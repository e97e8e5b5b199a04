"""What the question types say on quiz pages is in the learner's language: their error
messages, and the numbers of the correct answers."""

from tests.fixtures.quiz import QUIZ_URL, answers, form_data


def test_answer_errors_are_in_the_learners_language(client, quiz_learner):
    quiz_learner(language="da")
    attempt_url = client.post(f"{QUIZ_URL}/attempts").headers["Location"]
    data = form_data(client, attempt_url, answers(**{"q-lq-meaning": ["a", "b"],
                                                     "q-lq-compute": ["to"]}))
    response = client.post(f"{attempt_url}/submit", data=data)
    assert response.status_code == 422
    assert "Der forventedes ét svar, men der kom flere." in response.text
    assert "Skriv et tal, for eksempel 2 eller 2,5." in response.text
    assert "Expected one answer" not in response.text


def test_the_key_writes_numbers_as_the_learners_language_does(client, quiz_learner, take_quiz):
    quiz_learner(language="da")
    attempt_url, response = take_quiz()
    assert response.status_code == 303
    result = client.get(attempt_url).text
    assert "2 ± 0,01" in result and "2 ± 0.01" not in result
    assert "Sandt" in result  # the true/false answer, in words
