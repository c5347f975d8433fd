import pytest

from tests.channels.conftest import *  # noqa


@pytest.mark.django_db
def test_smoke(catalogue, client):
    for url in [
                 "/sitemap.xml",
                "/api/v1/items/eid-aanvragen/",
                "/api/v1/changes/", "/api/v1/schema/", "/api/v1/bestaatniet/", "/api/v1/products/?foo=1"]:
        r = client.get(url)
        print("=====", url, r.status_code)
        print(r.content.decode()[:3000])
