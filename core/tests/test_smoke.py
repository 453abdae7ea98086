def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/account/" in response["Location"]
