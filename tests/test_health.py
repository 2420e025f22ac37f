import pytest


@pytest.mark.django_db
def test_healthz_answers_200_with_database_and_broker_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


@pytest.mark.django_db
def test_healthz_reports_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get("/admin/hcvvet/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    login = client.get("/accounts/login/")
    assert login.status_code == 200
    assert b"Sign in" in login.content


@pytest.mark.django_db
def test_a_user_signs_in_with_the_login_form(client, expert):
    response = client.post("/accounts/login/", {"username": "ada", "password": "pw-for-tests-1"})
    assert response.status_code == 302
    client.logout()
    wrong = client.post("/accounts/login/", {"username": "ada", "password": "nope"})
    assert wrong.status_code == 200
    assert b"correct username and password" in wrong.content
